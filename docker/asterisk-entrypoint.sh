#!/bin/sh
# Starts Asterisk in the compose stack (docker/Dockerfile.asterisk).
# channels/asterisk/ is mounted read-only at /etc/switchboard-asterisk; its *.conf files are copied
# to /etc/asterisk, then a few values that differ inside Docker are set from the environment
# (each only when its variable is set, so the files stay the single source otherwise):
#   AMI_BINDADDR     manager.conf bindaddr (0.0.0.0 here: 5038 is not published)
#   AMI_PERMIT       extra manager.conf permit networks, space-separated (the compose network)
#   AMI_SECRET       manager.conf secret of [switchboard]
#   AGI_HOST         extensions.conf SB_AGI_HOST (the service's name on the compose network)
#   DB_HOST          res_pgsql.conf hostname
#   DB_PASSWORD      res_pgsql.conf password
#   PUBLIC_ADDRESS   the host's address as phones and the trunk see it: pjsip.conf external_*
#                    addresses and an rtp.conf ICE host candidate for the container's address
#   TLS_NAME         name in the self-signed WSS certificate made when none is in /etc/asterisk/keys
set -eu
SRC=/etc/switchboard-asterisk
ETC=/etc/asterisk
cp "$SRC"/*.conf "$ETC"/

if [ -n "${AMI_BINDADDR:-}" ]; then
  sed -i "s|^bindaddr *=.*|bindaddr = ${AMI_BINDADDR}|" "$ETC/manager.conf"
fi
for net in ${AMI_PERMIT:-}; do
  sed -i "/^permit = 127\.0\.0\.1/a permit = ${net}" "$ETC/manager.conf"
done
if [ -n "${AMI_SECRET:-}" ]; then
  sed -i "s|^secret *=.*|secret = ${AMI_SECRET}|" "$ETC/manager.conf"
fi
if [ -n "${AGI_HOST:-}" ]; then
  sed -i "s|^SB_AGI_HOST *=.*|SB_AGI_HOST = ${AGI_HOST}|" "$ETC/extensions.conf"
fi
if [ -n "${DB_HOST:-}" ]; then
  sed -i "s|^hostname *=.*|hostname = ${DB_HOST}|" "$ETC/res_pgsql.conf"
fi
if [ -n "${DB_PASSWORD:-}" ]; then
  sed -i "s|^password *=.*|password = ${DB_PASSWORD}|" "$ETC/res_pgsql.conf"
fi
if [ -n "${PUBLIC_ADDRESS:-}" ]; then
  sed -i -e "s|^;external_media_address = .*|external_media_address = ${PUBLIC_ADDRESS}|" \
         -e "s|^;external_signaling_address = .*|external_signaling_address = ${PUBLIC_ADDRESS}|" \
         "$ETC/pjsip.conf"
  printf '\n[ice_host_candidates]\n%s => %s\n' "$(hostname -i | awk '{print $1}')" "${PUBLIC_ADDRESS}" >> "$ETC/rtp.conf"
fi

# A logger.conf when the image has none: messages to the container log and to a file.
if [ ! -f "$ETC/logger.conf" ]; then
  printf '[logfiles]\nconsole => notice,warning,error,verbose\nmessages.log => notice,warning,error\n' > "$ETC/logger.conf"
fi

# WSS needs a certificate (http.conf). Mount a real one at /etc/asterisk/keys/asterisk.crt and
# asterisk.key; otherwise a self-signed one is made once (kept in the asterisk-keys volume).
if [ ! -s "$ETC/keys/asterisk.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=${TLS_NAME:-localhost}" \
    -addext "subjectAltName=DNS:${TLS_NAME:-localhost}" \
    -keyout "$ETC/keys/asterisk.key" -out "$ETC/keys/asterisk.crt" 2>/dev/null
fi

# Recordings (MixMonitor creates its directory itself) and faxes (ReceiveFAX does not).
mkdir -p /var/spool/asterisk/monitor/switchboard /var/spool/asterisk/fax/switchboard
chown -R asterisk: "$ETC" /var/spool/asterisk /var/lib/asterisk /var/log/asterisk /var/run/asterisk
chmod 0640 "$ETC/manager.conf" "$ETC/res_pgsql.conf" "$ETC/pjsip.conf" "$ETC/keys/asterisk.key"
# Fax spool shared with the service (uid 1001 in docker/Dockerfile.jvm): it writes the TIFF-F to send
# there, Asterisk (group asterisk) writes received faxes; files stay readable by both.
chown 1001:asterisk /var/spool/asterisk/fax/switchboard && chmod 2775 /var/spool/asterisk/fax/switchboard
exec /usr/sbin/asterisk -f -U asterisk -G asterisk -vvv
