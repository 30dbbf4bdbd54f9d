package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.routing.OfferLedger.Outstanding;
import dev.switchboard.routing.OfferLedger.Overlap;
import dev.switchboard.routing.RoutingOwnerWatch.Owner;
import dev.switchboard.testing.KafkaBroker;
import dev.switchboard.testing.PackagedService;
import dev.switchboard.testing.PostgresServer;
import dev.switchboard.testing.ServiceCluster;
import java.io.BufferedWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Routing across instances on a real Kafka broker (issue 21; docs/routing.md, "Several instances"): three packaged
 * instances on one PostgreSQL server and one KRaft broker, with {@code switchboard.cluster.*} set. One queue on the
 * API channel, agents of capacity one contact, each agent's socket on another instance in turn; each agent's client
 * accepts its offers, ends and wraps them up after a short handling time and records every frame. Contacts arrive at
 * a steady pace at any instance. Mid-flow the instance that owns routing ({@code routing_owner}) is killed with
 * SIGKILL; its agents reconnect to a survivor and its clients carry on at another instance with the same
 * Idempotency-Key. In the end every acknowledged contact was assigned and handled exactly once, no interaction was
 * held by two agents at once, each offer outstanding at the kill was ended or offered again once, and routing
 * resumed within 10 s of the kill. Figures in docs/reliability.md ("Routing across instances").
 *
 * <p>The normal build runs 60 contacts and one kill; {@code -Pcluster-long} thousands and several kills, the killed
 * instance started again each time ({@code cluster.*} system properties below).
 */
class ClusterRoutingIT {

    private static final Logger LOG = Logger.getLogger(ClusterRoutingIT.class);
    private static final int INSTANCES = 3;
    private static final int CONTACTS = Integer.getInteger("cluster.contacts", 60);
    private static final int AGENTS = Integer.getInteger("cluster.agents", 6);
    private static final int KILLS = Integer.getInteger("cluster.kills", 1);
    /** Contacts per second. */
    private static final double RATE = Double.parseDouble(System.getProperty("cluster.rate", "2"));
    /** Whether a killed instance is started again (before the next kill). */
    private static final boolean RESTART = Boolean.parseBoolean(System.getProperty("cluster.restart",
            Boolean.toString(KILLS > 1)));
    private static final long OFFER_TIMEOUT_MS = 30_000;
    private static final long FAILOVER_LIMIT_MS = 10_000;
    /** Frames of different agents' sockets travel separately: overlaps up to this are the clock of delivery. */
    private static final long TOLERANCE_MS = Long.getLong("cluster.overlap-tolerance-ms", 200);
    private static final RecordingAgent.Pace PACE = new RecordingAgent.Pace(100, 1000, 300, 1500);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One kill: whom, when, and what was going on then. */
    private record Kill(int victim, String name, long at, int acknowledged, int offersOutstanding, List<Integer> agentsOnIt) {
    }

    /** What followed a kill, in ms from it (-1: never). */
    private record Failover(Kill kill, long ownerRowMoved, String newOwner, long firstOffer, long firstNewContactOffered,
                            long agentsMovedWithin, int agentsMoved, List<Outstanding> outstanding, long longestPost,
                            long arrivalShift) {
    }

    @Test
    void routingResumesOnASurvivorWithinTenSecondsOfItsOwnerBeingKilledAndEveryContactIsHandledOnce() throws Exception {
        long seed = Long.getLong("cluster.seed", System.nanoTime());
        Random random = new Random(seed);
        String run = Long.toString(seed, 36);
        Path dir = Path.of("target", "cluster-routing", run).toAbsolutePath();
        Files.createDirectories(dir);
        List<Integer> killPoints = killPoints(random);
        LOG.infof("Cluster routing test: seed %d, %d instances, %d agents, %d contacts at %.1f/s, kill -9 of the routing"
                        + " owner after %s acknowledged%s; logs and frames in %s", seed, INSTANCES, AGENTS, CONTACTS, RATE,
                killPoints, RESTART ? " (each restarted)" : "", dir);

        ExecutorService background = Executors.newCachedThreadPool();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        KafkaBroker kafka = null;
        PostgresServer db = null;
        ServiceCluster cluster = null;
        RoutingOwnerWatch watch = null;
        ClusterTraffic traffic = null;
        List<RecordingAgent> agents = new ArrayList<>();
        try {
            long began = RecordingAgent.now();
            Future<KafkaBroker> brokerStart = background.submit(() -> KafkaBroker.start(dir.resolve("kafka")));
            db = PostgresServer.start();
            kafka = brokerStart.get(2, TimeUnit.MINUTES);
            String bootstrap = kafka.bootstrapServers();
            List<String> names = IntStream.range(0, INSTANCES).mapToObj(n -> "sb-" + n).toList();
            cluster = new ServiceCluster(dir, names, db, n -> List.of(
                    "switchboard.cluster.bootstrap-servers=" + bootstrap,
                    "switchboard.cluster.instance-id=" + names.get(n),
                    // A cluster's touchpoint stream is on Kafka (the sockets hear touchpoints from it), on the same broker.
                    "mp.messaging.outgoing.touchpoints.connector=smallrye-kafka",
                    "switchboard.routing.offer-timeout.api=PT30S",
                    "quarkus.datasource.reactive.additional-properties.application_name=" + names.get(n)));
            cluster.startAll();
            LOG.infof("Broker, PostgreSQL and %d instances ready in %d ms", INSTANCES, RecordingAgent.now() - began);
            watch = new RoutingOwnerWatch(db.jdbcUrl());

            PackagedService console = cluster.apps().get(0);
            String token = console.login();
            long queueId = post(console, token, "/api/queues", JSON.createObjectNode().put("name", "cluster-" + run)
                    .set("channels", JSON.createArrayNode().add("API"))).get("id").asLong();
            HttpClient sockets = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < AGENTS; i++) {
                agents.add(agent(cluster, console, token, run, i, sockets, timers));
            }
            Map<Integer, String> presenceFailed = new TreeMap<>();
            for (RecordingAgent a : agents) {
                try {
                    a.available(Duration.ofSeconds(40));
                } catch (AssertionError | RuntimeException e) {
                    presenceFailed.put(a.index, e.getMessage());
                    LOG.warnf("Agent %d on %s: %s", a.index, cluster.name(a.instance()), e.getMessage());
                }
            }
            Optional<Owner> owner = watch.await(null, 0, Duration.ofSeconds(30));
            LOG.infof("%d agents connected (agent i on sb-(i mod %d)) and available; routing owner: %s", AGENTS, INSTANCES,
                    owner.map(Owner::instanceId).orElse("none (" + watch.failure() + ")"));

            traffic = new ClusterTraffic(cluster.apps(), token, run, queueId, CONTACTS, RATE);
            traffic.start();
            List<Kill> kills = new ArrayList<>();
            for (int point : killPoints) {
                awaitAcknowledged(traffic, point);
                Kill kill = kill(cluster, watch, agents, traffic);
                kills.add(kill);
                if (RESTART) {
                    watch.await(kill.name(), kill.at(), Duration.ofSeconds(30));
                    long restarting = RecordingAgent.now();
                    cluster.restart(kill.victim());
                    LOG.infof("%s started again, ready in %d ms", kill.name(), RecordingAgent.now() - restarting);
                }
            }
            assertThat(traffic.await(CONTACTS, Duration.ofMinutes(4))).as("every contact answered").isTrue();
            Map<Long, ClusterTraffic.Ack> acked = new HashMap<>();
            traffic.acks.values().forEach(a -> acked.put(a.interactionId(), a));
            Set<Long> wrapped = awaitWrapped(agents, acked.keySet());
            agents.forEach(RecordingAgent::close);
            long ended = RecordingAgent.now();

            Map<Integer, List<RecordingAgent.Frame>> frames = new TreeMap<>();
            agents.forEach(a -> frames.put(a.index, a.frames()));
            writeFrames(dir.resolve("frames.jsonl"), frames);
            writeContacts(dir.resolve("contacts.jsonl"), traffic);
            OfferLedger ledger = OfferLedger.of(frames, OFFER_TIMEOUT_MS);
            RoutingRecords records;
            try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
                records = RoutingRecords.read(sql, acked.keySet());
            }
            List<Failover> failovers = new ArrayList<>();
            for (Kill kill : kills) {
                failovers.add(failover(kill, watch, ledger, traffic, agents));
            }
            List<Overlap> overlaps = ledger.overlaps(TOLERANCE_MS);
            report(seed, dir, began, ended, traffic, agents, ledger, records, failovers, overlaps, watch);
            check(traffic, presenceFailed, acked.keySet(), wrapped, ledger, records, failovers, overlaps);
        } finally {
            agents.forEach(RecordingAgent::close);
            if (traffic != null) {
                traffic.stop();
            }
            if (watch != null) {
                watch.close();
            }
            timers.shutdownNow();
            background.shutdownNow();
            if (cluster != null) {
                cluster.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (db != null) {
                db.close();
            }
        }
    }

    /** Kills the routing owner, at a moment an offer is outstanding when there is one within 3 s. */
    private static Kill kill(ServiceCluster cluster, RoutingOwnerWatch watch, List<RecordingAgent> agents,
                             ClusterTraffic traffic) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (outstanding(agents) == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Owner owner = watch.current().orElseThrow(() -> new AssertionError("No routing owner to kill: routing_owner "
                + (watch.failure() != null ? "cannot be read (" + watch.failure() + ")" : "has no row for partition 0")
                + "; routing is not owned through Kafka in this build (switchboard.cluster.* set on every instance)"));
        int victim = cluster.indexOf(owner.instanceId());
        assertThat(victim).as("routing_owner names %s, none of the instances", owner.instanceId()).isNotNegative();
        assertThat(cluster.alive(victim)).as("routing_owner names %s, which is dead", owner.instanceId()).isTrue();
        List<Integer> onIt = agents.stream().filter(a -> a.instance() == victim).map(a -> a.index).toList();
        int offers = outstanding(agents);
        int acknowledged = traffic.acknowledged();
        long at = RecordingAgent.now();
        cluster.kill(victim);
        LOG.infof("kill -9 of %s (routing owner, epoch %d) after %d contacts acknowledged, %d offer(s) outstanding,"
                + " agents %s on it", owner.instanceId(), owner.epoch(), acknowledged, offers, onIt);
        return new Kill(victim, owner.instanceId(), at, acknowledged, offers, onIt);
    }

    private static Failover failover(Kill kill, RoutingOwnerWatch watch, OfferLedger ledger, ClusterTraffic traffic,
                                     List<RecordingAgent> agents) {
        Optional<Owner> next = watch.owners().stream().filter(o -> o.seenAt() > kill.at()
                && !o.instanceId().equals(kill.name())).findFirst();
        long firstOffer = ledger.firstOfferMadeAfter(kill.at()).map(o -> o.at() - kill.at()).orElse(-1L);
        long firstNew = traffic.acks.values().stream().filter(a -> a.sentAt() > kill.at())
                .min(Comparator.comparingLong(ClusterTraffic.Ack::sentAt))
                .flatMap(a -> ledger.firstOfferOf(a.interactionId())).map(o -> o.at() - kill.at()).orElse(-1L);
        List<Long> moved = agents.stream().filter(a -> kill.agentsOnIt().contains(a.index))
                .flatMap(a -> a.moves().stream()).filter(m -> m.from() == kill.victim() && m.at() > kill.at())
                .map(m -> m.at() - kill.at()).toList();
        // The contacts sent while routing had no owner: how long their POST took, and how much later than their
        // sending the offer frame says they arrived in routing.
        List<ClusterTraffic.Ack> during = traffic.acks.values().stream().filter(a -> a.sentAt() > kill.at() - 1000
                && a.sentAt() < kill.at() + 15_000).toList();
        long longestPost = during.stream().mapToLong(a -> a.ackedAt() - a.sentAt()).max().orElse(-1);
        long arrivalShift = during.stream().flatMap(a -> ledger.firstOfferOf(a.interactionId()).stream()
                .map(o -> o.arrivedAt().toEpochMilli() - a.sentAt())).mapToLong(Long::longValue).max().orElse(-1);
        return new Failover(kill, next.map(o -> o.seenAt() - kill.at()).orElse(-1L),
                next.map(Owner::instanceId).orElse("none"), firstOffer, firstNew,
                moved.stream().mapToLong(Long::longValue).max().orElse(-1), moved.size(), ledger.outstandingAt(kill.at()),
                longestPost, arrivalShift);
    }

    private static void report(long seed, Path dir, long began, long ended, ClusterTraffic traffic,
                               List<RecordingAgent> agents, OfferLedger ledger, RoutingRecords records,
                               List<Failover> failovers, List<Overlap> overlaps, RoutingOwnerWatch watch) throws Exception {
        int resumes = agents.stream().mapToInt(RecordingAgent::resumes).sum();
        long noAssigned = traffic.acks.values().stream()
                .filter(a -> ledger.assignedFrames.getOrDefault(a.interactionId(), 0) == 0).count();
        long replayFirst = ledger.offers.stream().filter(OfferLedger.Offer::replayFirst).count();
        int wrappedByState = agents.stream().mapToInt(RecordingAgent::wrappedByState).sum();
        LOG.infof("Cluster routing result: seed %d, %d s; %d contacts acknowledged (%d requests failed over to another"
                        + " instance), %d offers (%d first seen as a replay; %d replayed frames), offer-ended %s,"
                        + " errors %s, %d overlaps, agents paused for missed offers %d; %d contacts without an assigned"
                        + " frame (known from a state frame); %d wrap-ups answered only by a state frame; declined in the"
                        + " records %s; owners %s", seed,
                (ended - began) / 1000, traffic.acknowledged(), traffic.failedOver.get(), ledger.offers.size(),
                replayFirst, ledger.replayed, ledger.offerEndedReasons, ledger.errorCodes, overlaps.size(), resumes,
                noAssigned, wrappedByState, records.declined,
                watch.owners().stream().map(o -> o.instanceId() + "#" + o.epoch()).toList());
        for (Failover f : failovers) {
            LOG.infof("Failover after kill -9 of %s: owner row moved to %s after %d ms; first offer by the new owner"
                            + " %d ms after the kill; first contact sent after the kill offered %d ms after it; %d of %d"
                            + " agents moved to a survivor within %d ms; contacts sent around it: longest POST %d ms,"
                            + " arrival in routing (offer's arrivedAt) up to %d ms after the POST was sent;"
                            + " %d offer(s) outstanding at the kill%s", f.kill().name(),
                    f.newOwner(), f.ownerRowMoved(), f.firstOffer(), f.firstNewContactOffered(), f.agentsMoved(),
                    f.kill().agentsOnIt().size(), f.agentsMovedWithin(), f.longestPost(), f.arrivalShift(),
                    f.outstanding().size(),
                    f.outstanding().isEmpty() ? "" : ": " + f.outstanding());
        }
        overlaps.stream().limit(20).forEach(o -> LOG.infof("Held by two agents at once: %s", o));
        List<Overlap> slight = ledger.overlaps(0).stream().filter(o -> o.ms() <= TOLERANCE_MS).toList();
        LOG.infof("Overlaps within the %d ms tolerance (frames to different sockets racing): %d, largest %d ms%s",
                TOLERANCE_MS, slight.size(), slight.stream().mapToLong(Overlap::ms).max().orElse(0),
                slight.isEmpty() ? "" : ": " + slight.stream().limit(5).toList());
        ledger.oddities.stream().limit(20).forEach(o -> LOG.infof("Odd frames: %s", o));
        String row = String.format("| %d | %d | %d | %s | %s | %s | %s | %d | %d | %d | %d |", seed, traffic.acknowledged(),
                failovers.size(), failovers.stream().map(f -> f.kill().acknowledged() + "").collect(Collectors.joining(", ")),
                seconds(failovers, Failover::ownerRowMoved), seconds(failovers, Failover::firstOffer),
                seconds(failovers, Failover::firstNewContactOffered), ledger.offers.size(),
                failovers.stream().mapToInt(f -> f.outstanding().size()).sum(), overlaps.size(), traffic.failedOver.get());
        LOG.infof("CLUSTER FIGURES %s", row);
        Files.writeString(Path.of("target", "cluster-figures.md"), row + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static void check(ClusterTraffic traffic, Map<Integer, String> presenceFailed, Set<Long> acked,
                              Set<Long> wrapped, OfferLedger ledger, RoutingRecords records, List<Failover> failovers,
                              List<Overlap> overlaps) {
        Set<Long> offered = new HashSet<>();
        ledger.holds.stream().filter(h -> h.kind().equals("offer")).forEach(h -> offered.add(h.interactionId()));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(presenceFailed).as("agents whose AVAILABLE was not acknowledged").isEmpty();
        soft.assertThat(traffic.refused).as("contacts refused or never acknowledged").isEmpty();
        soft.assertThat(traffic.serverErrors).as("contacts answered 5xx other than 503").isEmpty();
        soft.assertThat(traffic.acks).as("acknowledged contacts").hasSize(CONTACTS);
        soft.assertThat(acked).as("acknowledged contacts never offered").allMatch(offered::contains);
        soft.assertThat(sample(acked, i -> ledger.assignedTo.getOrDefault(i, Set.of()).size() != 1,
                        i -> i + " assigned to agents " + ledger.assignedTo.getOrDefault(i, Set.of())))
                .as("contacts not assigned to exactly one agent").isEmpty();
        // An assigned frame may be lost with a killed owner (its event committed, not yet on Kafka): the state frame
        // every agent gets from the next owner carries it (docs/routing.md, "What a failover can cost").
        soft.assertThat(sample(acked, i -> ledger.assignedFrames.getOrDefault(i, 0) > 1,
                        i -> i + ": " + ledger.assignedFrames.getOrDefault(i, 0) + " assigned frames"))
                .as("contacts whose assigned frame came more than once").isEmpty();
        soft.assertThat(sample(acked, i -> ledger.assignedFrames.getOrDefault(i, 0) == 0 && !ledger.fromState.contains(i),
                        i -> Long.toString(i)))
                .as("contacts held without an assigned frame nor a state frame saying so").isEmpty();
        soft.assertThat(sample(acked, i -> !wrapped.contains(i), i -> Long.toString(i)))
                .as("contacts never wrapped up").isEmpty();
        soft.assertThat(overlaps).as("interactions held by two agents at once (beyond %d ms)", TOLERANCE_MS).isEmpty();
        soft.assertThat(records.faults()).as("routing touchpoints and states in the records").isEmpty();
        for (Failover f : failovers) {
            String kill = "after the kill of " + f.kill().name();
            soft.assertThat(f.firstOffer()).as("ms to the first offer made by the new owner " + kill)
                    .isBetween(0L, FAILOVER_LIMIT_MS);
            soft.assertThat(f.firstNewContactOffered()).as("ms to the offer of the first contact sent " + kill)
                    .isBetween(0L, FAILOVER_LIMIT_MS);
            soft.assertThat(f.agentsMoved()).as("agents of %s reconnected to a survivor", f.kill().name())
                    .isEqualTo(f.kill().agentsOnIt().size());
            soft.assertThat(f.outstanding()).as("offers outstanding at the kill of %s ended or offered again more than once",
                    f.kill().name()).allMatch(Outstanding::once);
        }
        soft.assertAll();
    }

    private static RecordingAgent agent(ServiceCluster cluster, PackagedService console, String token, String run, int i,
                                        HttpClient http, ScheduledExecutorService timers) throws Exception {
        String username = "cluster-" + run + "-agent-" + i;
        String password = "password-" + username;
        long userId = post(console, token, "/api/users", JSON.createObjectNode().put("username", username)
                .put("password", password).put("displayName", "Agent " + i)
                .set("roles", JSON.createArrayNode().add("agent"))).get("id").asLong();
        ObjectNode agent = JSON.createObjectNode().put("name", "Agent " + i + " " + run).put("userId", userId)
                .put("capacity", 20);
        agent.set("channels", JSON.createArrayNode().add("API"));
        agent.set("tierClearance", JSON.createArrayNode().add("DIAMOND").add("GOLD").add("STANDARD"));
        long agentId = post(console, token, "/api/agents", agent).get("id").asLong();
        int home = i % cluster.size();
        // Signed in at its own instance; the same keys everywhere make the token good at the others.
        String agentToken = post(cluster.apps().get(home), null, "/api/auth/login", JSON.createObjectNode()
                .put("username", username).put("password", password)).get("token").asText();
        RecordingAgent client = new RecordingAgent(i, agentId, agentToken, http, n -> cluster.apps().get(n).uri(""),
                cluster::alive, cluster.size(), timers, PACE);
        client.connect(home);
        return client;
    }

    private static JsonNode post(PackagedService app, String token, String path, JsonNode body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = app.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s %s: %s", path, body, response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    /** Acknowledged counts at which to kill: one between 35 and 55 % of the contacts, or spread evenly, rising. */
    private static List<Integer> killPoints(Random random) {
        List<Integer> points = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            double at = KILLS == 1 ? 0.35 + random.nextDouble() * 0.2
                    : (k + 1.0) / (KILLS + 1) + (random.nextDouble() - 0.5) * 0.1 / KILLS;
            int point = Math.max(5, (int) (CONTACTS * at));
            points.add(points.isEmpty() ? point : Math.max(point, points.get(points.size() - 1) + 1));
        }
        return points;
    }

    private static void awaitAcknowledged(ClusterTraffic traffic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (traffic.acknowledged() < count && System.nanoTime() < deadline) {
            assertThat(traffic.refused).as("contacts refused").isEmpty();
            Thread.sleep(10);
        }
        assertThat(traffic.acknowledged()).as("contacts acknowledged before the kill").isGreaterThanOrEqualTo(count);
    }

    /** Waits until every contact is wrapped up, or 45 s pass without one more. */
    private static Set<Long> awaitWrapped(List<RecordingAgent> agents, Set<Long> interactions) throws InterruptedException {
        Set<Long> done = new HashSet<>();
        long progress = System.nanoTime();
        int last = -1;
        while (System.nanoTime() - progress < TimeUnit.SECONDS.toNanos(45)) {
            done.clear();
            agents.forEach(a -> done.addAll(a.wrapped()));
            done.retainAll(interactions);
            if (done.size() == interactions.size()) {
                break;
            }
            if (done.size() != last) {
                last = done.size();
                progress = System.nanoTime();
            }
            Thread.sleep(100);
        }
        LOG.infof("%d of %d acknowledged contacts wrapped up", done.size(), interactions.size());
        return Set.copyOf(done);
    }

    private static int outstanding(List<RecordingAgent> agents) {
        return agents.stream().mapToInt(RecordingAgent::offersOutstanding).sum();
    }

    private static void writeFrames(Path file, Map<Integer, List<RecordingAgent.Frame>> frames) throws Exception {
        List<ObjectNode> lines = new ArrayList<>();
        frames.forEach((agent, list) -> list.forEach(f -> {
            ObjectNode line = JSON.createObjectNode().put("at", f.at()).put("agent", agent).put("instance", f.instance())
                    .put("dir", f.in() ? "in" : "out");
            line.set("frame", f.body());
            lines.add(line);
        }));
        lines.sort(Comparator.comparingLong(l -> l.get("at").asLong()));
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (ObjectNode line : lines) {
                out.write(line.toString());
                out.newLine();
            }
        }
    }

    private static void writeContacts(Path file, ClusterTraffic traffic) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (ClusterTraffic.Ack a : traffic.acks.values().stream()
                    .sorted(Comparator.comparingInt(ClusterTraffic.Ack::index)).toList()) {
                out.write(JSON.valueToTree(a).toString());
                out.newLine();
            }
        }
    }

    private static List<String> sample(Set<Long> ids, java.util.function.LongPredicate bad,
                                       java.util.function.LongFunction<String> describe) {
        return ids.stream().sorted().filter(bad::test).limit(10).map(describe::apply).toList();
    }

    private static String seconds(List<Failover> failovers, java.util.function.ToLongFunction<Failover> ms) {
        return failovers.stream().map(f -> {
            long v = ms.applyAsLong(f);
            return v < 0 ? "never" : String.format("%.1f s", v / 1000.0);
        }).collect(Collectors.joining(", "));
    }
}
