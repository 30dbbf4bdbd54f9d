package dev.switchboard.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What decides whether a token still counts: its user's generation and enabled flag, and signed-out tokens. */
@ApplicationScoped
public class RevocationRepository {

    /** A user's current token generation and whether it may sign in. */
    public record UserTokens(int generation, boolean enabled) {
    }

    /** A signed-out token, listed until it expires. */
    public record RevokedToken(String jti, Instant expiresAt) {
    }

    private final Pool pool;

    RevocationRepository(Pool pool) {
        this.pool = pool;
    }

    /** The user's state, or null when there is no such user. */
    public Uni<UserTokens> user(long id) {
        return pool.preparedQuery("select token_generation, enabled from app_user where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : tokens(rows.iterator().next()));
    }

    public Uni<Map<Long, UserTokens>> users(List<Long> ids) {
        return pool.preparedQuery("select id, token_generation, enabled from app_user where id = any($1)")
                .execute(Tuple.of(ids.toArray(new Long[0]))).map(rows -> {
                    Map<Long, UserTokens> users = new HashMap<>();
                    rows.forEach(r -> users.put(r.getLong("id"), tokens(r)));
                    return users;
                });
    }

    public Uni<Void> revoke(String jti, long userId, Instant expiresAt) {
        return pool.preparedQuery("insert into revoked_token (jti, user_id, expires_at) values ($1, $2, $3)"
                        + " on conflict (jti) do nothing")
                .execute(Tuple.of(jti, userId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))).replaceWithVoid();
    }

    /** Signed-out tokens that have not expired yet; the expired ones are deleted on the way. */
    public Uni<List<RevokedToken>> unexpired() {
        return pool.query("delete from revoked_token where expires_at < now() - interval '1 minute'").execute()
                .chain(() -> pool.query("select jti, expires_at from revoked_token").execute())
                .map(rows -> {
                    List<RevokedToken> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new RevokedToken(r.getString("jti"),
                            r.getOffsetDateTime("expires_at").toInstant())));
                    return list;
                });
    }

    private static UserTokens tokens(Row row) {
        return new UserTokens(row.getInteger("token_generation"), row.getBoolean("enabled"));
    }
}
