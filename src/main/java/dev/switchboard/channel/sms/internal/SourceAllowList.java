package dev.switchboard.channel.sms.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}) that a callback may come from. */
public final class SourceAllowList {

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    /** Fails on an entry that is not an address or a CIDR block, so a typo stops the start. */
    public SourceAllowList(List<String> entries) {
        this.blocks = entries.stream().map(String::strip).filter(s -> !s.isEmpty()).map(SourceAllowList::block).toList();
    }

    /** True when the address (an IP literal) lies in one of the blocks. */
    public boolean allows(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = literal(address.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
        int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("Bad prefix length in allowed source " + entry);
        }
        return new Block(network, prefix);
    }

    /** The bytes of an IP literal; never a DNS lookup (a name is refused). */
    private static byte[] literal(String ip) {
        String s = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(s.contains(":") && s.matches("[0-9a-fA-F:.]+(%\\w+)?"))) {
            throw new IllegalArgumentException("Not an IP address: " + ip);
        }
        try {
            byte[] bytes = InetAddress.getByName(s).getAddress();
            // An IPv4-mapped IPv6 peer (::ffff:127.0.0.1) counts as its IPv4 address.
            if (bytes.length == 16 && isMapped(bytes)) {
                byte[] v4 = new byte[4];
                System.arraycopy(bytes, 12, v4, 0, 4);
                return v4;
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address: " + ip, e);
        }
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
