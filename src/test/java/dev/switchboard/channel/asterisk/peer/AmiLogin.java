package dev.switchboard.channel.asterisk.peer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Login checks as manager.c does them: plain Secret, or AuthType MD5 with Key = md5(challenge + secret). */
final class AmiLogin {

    private final String username;
    private final String secret;
    private String challenge;

    AmiLogin(String username, String secret) {
        this.username = username;
        this.secret = secret;
    }

    AmiFrame challenge(AmiFrame action) {
        if (!"md5".equalsIgnoreCase(action.get("AuthType"))) {
            return AmiResponses.error(action, "Must specify AuthType");
        }
        if (challenge == null) {
            challenge = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
        }
        return AmiResponses.success(action).add("Challenge", challenge);
    }

    boolean accepts(AmiFrame action) {
        if (!username.equals(action.get("Username"))) {
            return false;
        }
        if ("md5".equalsIgnoreCase(action.get("AuthType"))) {
            return challenge != null && md5(challenge + secret).equalsIgnoreCase(action.get("Key"));
        }
        return secret.equals(action.get("Secret"));
    }

    static String md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
