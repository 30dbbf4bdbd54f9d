-- Telephony through Asterisk.

-- Gateways that one instance of a cluster drives (the AMI connection): the holder renews its lease,
-- another instance takes over once it lapses.
create table gateway_lease (
    name  varchar(100) primary key,
    owner varchar(100) not null,
    until timestamptz  not null
);

-- Asterisk's realtime PJSIP tables (res_config_pgsql + sorcery.conf), written by the service when an
-- agent is created, changed or deleted. Column names and values are Asterisk's own: sorcery refuses a
-- row with a column it does not know, so nothing of ours is added here. Asterisk reads them through a
-- role that may only select them (channels/asterisk/asterisk-role.sql).
create table ps_endpoints (
    id                varchar(40) primary key,
    transport         varchar(40),
    aors              varchar(200),
    auth              varchar(40),
    context           varchar(40),
    disallow          varchar(200),
    allow             varchar(200),
    direct_media      varchar(3),
    webrtc            varchar(3),
    callerid          varchar(100),
    dtmf_mode         varchar(20),
    rtp_symmetric     varchar(3),
    force_rport       varchar(3),
    rewrite_contact   varchar(3),
    max_audio_streams integer
);

create table ps_auths (
    id        varchar(40) primary key,
    auth_type varchar(20),
    username  varchar(40),
    realm     varchar(40),
    md5_cred  varchar(40),
    password  varchar(80)
);

create table ps_aors (
    id                 varchar(40) primary key,
    max_contacts       integer,
    remove_existing    varchar(3),
    qualify_frequency  integer,
    default_expiration integer
);
