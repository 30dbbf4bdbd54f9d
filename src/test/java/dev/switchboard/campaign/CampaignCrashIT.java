package dev.switchboard.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.sms.Kannel;
import dev.switchboard.testing.PackagedService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's campaign test on the packaged service: a segment of 10,000 customers (-Dcampaign.customers) sent to
 * through a real Kannel (its fake SMSC counts what reaches each handset) and a real mail server (GreenMail counts
 * what reaches each mailbox), the service killed with SIGKILL in the middle and started again: every reachable
 * customer outside the control group gets its message once, none twice, opted-out and held-out customers none; the
 * evaluation then counts responses that arrive after the campaign finished.
 */
class CampaignCrashIT {

    private static final Logger LOG = Logger.getLogger(CampaignCrashIT.class);
    private static final int CUSTOMERS = Integer.getInteger("campaign.customers", 10_000);
    private static final String OUR_NUMBER = "10690001";
    private static final String SECRET = "campaign-crash-secret";
    private static final String MAILBOX = "offers@switchboard.test";

    @TempDir
    Path work;

    private PackagedService app;
    private String token;

    /** A customer of the segment: phone (national) or email, and whether it opted out of that channel. */
    record Customer(long id, String phone, String email, boolean optedOut) {
    }

    @Test
    void aCampaignToTenThousandCustomersSurvivesAKillNineWithoutSendingAnythingTwice() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        double killAt = 0.2 + random.nextDouble() * 0.5;
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(PackagedService.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(PackagedService.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(MAILBOX, MAILBOX, "offers-secret");
        Kannel.Ports ports = Kannel.Ports.free();
        String box = "switchboard.channels.email.mailboxes.offers.";
        List<String> settings = new ArrayList<>(List.of(
                "switchboard.channels.sms.enabled=true",
                "switchboard.channels.sms.kannel.sendsms-url=http://127.0.0.1:" + ports.sendsms() + "/cgi-bin/sendsms",
                "switchboard.channels.sms.kannel.username=" + Kannel.SENDSMS_USER,
                "switchboard.channels.sms.kannel.password=" + Kannel.SENDSMS_PASSWORD,
                "switchboard.channels.sms.callback-secret=" + SECRET,
                "switchboard.channels.sms.numbers=" + OUR_NUMBER,
                box + "address=" + MAILBOX,
                box + "imap.host=127.0.0.1", box + "imap.port=" + mail.getImap().getPort(), box + "imap.security=none",
                box + "imap.user=" + MAILBOX, box + "imap.password=offers-secret",
                box + "smtp.host=127.0.0.1", box + "smtp.port=" + mail.getSmtp().getPort(), box + "smtp.security=none",
                // The killed instance's hold on the campaign must lapse before the restarted one sends it on.
                "switchboard.campaigns.lease=PT5S",
                "switchboard.outbound.claim-timeout=PT10S"));
        app = new PackagedService(work, settings);
        Kannel kannel = Kannel.configure(ports, "http://127.0.0.1:" + app.port + "/api/channels/sms/inbound", SECRET);
        Process service = app.start(work.resolve("run-1.log"));
        Process restarted = null;
        try {
            kannel.start();
            app.awaitReady(service, work.resolve("run-1.log"));
            token = app.login();
            long team = call("POST", "/api/teams", new JsonObject().put("name", "Campaign crash " + seed))
                    .getLong("id");
            Instant began = Instant.now();
            List<Customer> customers = customers(team, seed);
            LOG.infof("Campaign crash test: seed %d, %d customers made in %d s", seed, customers.size(),
                    Duration.between(began, Instant.now()).toSeconds());

            JsonObject plan = new JsonObject().put("name", "Bond fund " + seed)
                    .put("segment", new JsonObject().put("advisorTeamIds", new JsonArray().add(team)))
                    .put("channels", new JsonArray().add("SMS").add("EMAIL"))
                    .put("templates", new JsonObject()
                            .put("SMS", new JsonObject().put("text", "Dear {name}, our bond fund opens Monday. Reply YES."))
                            .put("EMAIL", new JsonObject().put("subject", "{name}, our bond fund")
                                    .put("text", "Dear {name}, our bond fund opens on Monday.")))
                    .put("controlPercent", 10).put("ratePerMinute", 60000).put("responseDays", 7);
            long id = call("POST", "/api/campaigns", plan).getLong("id");
            // The admin planned it; a supervisor approves it (four eyes).
            call("POST", "/api/users", new JsonObject().put("username", "approver").put("password", "approver-password")
                    .put("roles", new JsonArray().add("supervisor")));
            String admin = token;
            token = login("approver", "approver-password");
            call("POST", "/api/campaigns/" + id + "/approve", null);
            token = admin;
            JsonObject started = call("POST", "/api/campaigns/" + id + "/start", null);
            assertThat(started.getInteger("members")).isEqualTo(CUSTOMERS);
            Instant startedAt = Instant.now();

            // Killed once a random share (20 to 70 %) of the members was worked.
            long worked = 0;
            while (worked < killAt * CUSTOMERS && Duration.between(startedAt, Instant.now()).toMinutes() < 5) {
                Thread.sleep(200);
                JsonObject states = call("GET", "/api/campaigns/" + id, null).getJsonObject("progress")
                        .getJsonObject("byState");
                worked = states.stream().filter(e -> !e.getKey().equals("PENDING") && !e.getKey().startsWith("SKIPPED"))
                        .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
            }
            service.destroyForcibly();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Instant killedAt = Instant.now();
            LOG.infof("Campaign crash test: killed after %d members worked (%.0f %% wanted)", worked, killAt * 100);
            restarted = app.start(work.resolve("run-2.log"));
            app.awaitReady(restarted, work.resolve("run-2.log"));
            Duration restart = Duration.between(killedAt, Instant.now());

            // Done, and every message settled (sent, delivered or failed).
            Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
            Map<Long, JsonObject> members = Map.of();
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(2000);
                if (!"DONE".equals(call("GET", "/api/campaigns/" + id, null).getString("state"))) {
                    continue;
                }
                members = members(id);
                if (members.values().stream().noneMatch(m -> "QUEUED".equals(m.getString("delivery"))
                        || "RETRYING".equals(m.getString("delivery")))) {
                    break;
                }
            }
            Duration took = Duration.between(startedAt, Instant.now());
            assertThat(call("GET", "/api/campaigns/" + id, null).getString("state")).isEqualTo("DONE");

            Map<String, Integer> sms = new HashMap<>();
            kannel.mts().forEach(mt -> sms.merge(national(mt.to()), 1, Integer::sum));
            Map<String, Integer> mails = new HashMap<>();
            for (MimeMessage m : mail.getReceivedMessages()) {
                mails.merge(m.getRecipients(Message.RecipientType.TO)[0].toString(), 1, Integer::sum);
            }
            int sent = 0;
            int heldOut = 0;
            int missing = 0;
            int doubled = 0;
            int toOptedOut = 0;
            int toHeldOut = 0;
            for (Customer c : customers) {
                JsonObject m = members.get(c.id());
                int got = c.phone() != null ? sms.getOrDefault(c.phone(), 0) : mails.getOrDefault(c.email(), 0);
                doubled += got > 1 ? 1 : 0;
                if (c.optedOut()) {
                    toOptedOut += got;
                    assertThat(m.getString("skipReason")).isEqualTo("OPTED_OUT");
                } else if (m.getBoolean("control")) {
                    heldOut++;
                    toHeldOut += got;
                } else {
                    sent++;
                    missing += got == 0 ? 1 : 0;
                }
            }
            String log2 = Files.readString(work.resolve("run-2.log"));
            long uncertain = log2.lines().filter(l -> l.contains("its send was cut short by a stop")).count();
            LOG.infof("Campaign crash test result: seed %d, %d customers, killed after %d worked, restart to ready %d"
                            + " ms, done and settled %d s after the start; %d sent (%d SMS, %d mails received), %d held"
                            + " out, %d opted out; %d received twice, %d not received (%d recorded uncertain), %d to"
                            + " opted-out, %d to held-out", seed, CUSTOMERS, worked, restart.toMillis(), took.toSeconds(),
                    sent, sms.values().stream().mapToInt(i -> i).sum(), mails.values().stream().mapToInt(i -> i).sum(),
                    heldOut, customers.stream().filter(Customer::optedOut).count(), doubled, missing, uncertain,
                    toOptedOut, toHeldOut);
            assertThat(doubled).as("customers who got the message twice").isZero();
            assertThat(toOptedOut).as("messages to opted-out customers").isZero();
            assertThat(toHeldOut).as("messages to held-out customers").isZero();
            assertThat(missing).as("customers sent nothing, beyond those whose send the kill cut short")
                    .isLessThanOrEqualTo((int) uncertain);
            assertThat(heldOut).isBetween(CUSTOMERS / 20, CUSTOMERS / 5);

            // Responses after the end: 20 targets answer by SMS; the evaluation counts them.
            Map<Long, JsonObject> worked2 = members;
            List<Customer> answering = customers.stream().filter(c -> c.phone() != null && !c.optedOut()
                    && !worked2.get(c.id()).getBoolean("control")).limit(20).toList();
            for (Customer c : answering) {
                kannel.injectMo("+86" + c.phone(), OUR_NUMBER, "YES");
            }
            Instant answered = Instant.now().plus(Duration.ofMinutes(2));
            long responded = 0;
            while (responded < answering.size() && Instant.now().isBefore(answered)) {
                Thread.sleep(500);
                responded = call("GET", "/api/campaigns/" + id + "/evaluation", null).getJsonObject("overall")
                        .getJsonObject("target").getLong("responded");
            }
            assertThat(responded).isEqualTo(answering.size());
        } finally {
            PackagedService.stop(restarted);
            PackagedService.stop(service);
            for (String log : List.of("run-1.log", "run-2.log")) {
                // Kept for a look after a failure: the temporary directory goes with the test.
                if (Files.exists(work.resolve(log))) {
                    Files.copy(work.resolve(log), Path.of("target", "campaign-crash-" + log),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            kannel.close();
            mail.stop();
        }
    }

    /** 60 % with a phone, 35 % with an email, 5 % opted out of the channel they have; made eight at a time. */
    private List<Customer> customers(long team, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Customer>> made = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                int n = i;
                made.add(pool.submit(() -> {
                    boolean phone = n % 20 < 12 || n % 20 == 19;
                    boolean optedOut = n % 20 >= 18;
                    String mobile = phone ? String.format("138%08d", n) : null;
                    String email = phone ? null : "c" + n + "-" + Long.toString(seed, 36) + "@example.com";
                    JsonObject body = new JsonObject().put("name", "Customer " + n).put("advisorTeamId", team)
                            .put("contactPoints", new JsonArray().add(new JsonObject().put("type", phone ? "PHONE" : "EMAIL")
                                    .put("value", phone ? "+86" + mobile : email)));
                    if (optedOut) {
                        body.put(phone ? "smsOptOut" : "emailOptOut", true);
                    }
                    return new Customer(call("POST", "/api/customers", body).getLong("id"), mobile, email, optedOut);
                }));
            }
            List<Customer> list = new ArrayList<>();
            for (Future<Customer> f : made) {
                list.add(f.get());
            }
            return list;
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<Long, JsonObject> members(long id) throws Exception {
        Map<Long, JsonObject> members = new HashMap<>();
        for (int page = 0; ; page++) {
            JsonObject p = call("GET", "/api/campaigns/" + id + "/members?size=500&page=" + page, null);
            JsonArray items = p.getJsonArray("items");
            items.forEach(o -> members.put(((JsonObject) o).getLong("customerId"), (JsonObject) o));
            if (items.size() < 500) {
                return members;
            }
        }
    }

    private static String national(String to) {
        String digits = to.replaceAll("[^0-9]", "");
        return digits.startsWith("86") && digits.length() == 13 ? digits.substring(2) : digits;
    }

    private String login(String username, String password) throws Exception {
        HttpResponse<String> r = app.http.send(HttpRequest.newBuilder(app.uri("/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("username", username).put("password", password).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private JsonObject call(String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        HttpResponse<String> r = app.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
    }
}
