package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays one recording against the service, verbatim and in recorded order with the time between frames
 * left out: events go to the service's AMI connection as recorded; at a recorded FastAGI session the
 * replay calls the service's AGI server; at a recorded driver action it waits for the service to send
 * that action and answers with the recorded reply. Actions someone else sent (an operator, a phone)
 * are declared {@link #external}: the replay just goes on with what followed them.
 */
final class Replay {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final Recording recording;
    private final ReplayAsterisk ami;
    private final int agiPort;
    private final String agiUrl;
    private final IdShift ids = new IdShift();
    private final ReplayedChannels channels = new ReplayedChannels();
    private final Set<Recording.Action> external = new HashSet<>();
    private final Map<String, String> actionIds = new ConcurrentHashMap<>();
    private final List<AmiFrame> served = new ArrayList<>();
    private final List<AgiExchange.Sent> agi = new ArrayList<>();
    private final Map<Recording.Action, List<AmiFrame>> replies = new ConcurrentHashMap<>();
    private volatile Recording.Step dropBefore;
    private volatile CompletableFuture<Void> running;

    Replay(Recording recording, ReplayAsterisk ami, int agiPort) {
        this.recording = recording;
        this.ami = ami;
        this.agiPort = agiPort;
        this.agiUrl = "agi://127.0.0.1:" + agiPort + "/inbound";
    }

    /** The recorded actions with this name were not the service's (someone else's). */
    Replay external(String action) {
        external.addAll(recording.actions(action));
        return this;
    }

    /** The recorded action with this name at this position (0: the first) was someone else's. */
    Replay external(String action, int occurrence) {
        external.add(recording.actions(action).get(occurrence));
        return this;
    }

    /** The service's action at this step gets these replies (another recording's) instead of its own. */
    Replay answer(Recording.Action action, List<AmiFrame> recordedReplies) {
        replies.put(action, recordedReplies);
        return this;
    }

    /**
     * NOT RECORDED: the connection drops (no Shutdown, as in a network outage) right before this step; the
     * replay goes on once the service has logged in again.
     */
    Replay dropConnectionBefore(Recording.Step step) {
        dropBefore = step;
        return this;
    }

    /** The id the service sees for a recorded uniqueid or linkedid. */
    String id(String recorded) {
        return ids.id(recorded);
    }

    /** Plays the whole recording in the background. */
    Replay start() {
        running = CompletableFuture.runAsync(() -> {
            try {
                play();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return this;
    }

    /** Waits for a replay started in the background; rethrows what went wrong. */
    void finish() throws Exception {
        try {
            running.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null && !(cause instanceof AssertionError)) {
                cause = cause.getCause();
            }
            if (cause instanceof AssertionError a) {
                throw a;
            }
            throw e;
        }
    }

    /** Throws the replay's failure if it has already failed (a missing or different action, say). */
    void failIfBroken() throws Exception {
        if (running != null && running.isCompletedExceptionally()) {
            finish();
        }
    }

    /** Plays the whole recording; returns when its last frame was sent. */
    void play() throws Exception {
        ami.awaitLogin(WAIT);
        Set<String> taken = new HashSet<>();
        recording.steps.stream().filter(s -> s instanceof Recording.Action a && isService(a))
                .forEach(s -> taken.add(((Recording.Action) s).name().toLowerCase()));
        ami.replaying(taken);
        for (Recording.Step step : recording.steps) {
            if (step == dropBefore) {
                int before = ami.logins();
                ami.dropConnections();
                awaitLogins(before + 1);
            }
            if (step instanceof Recording.Event e) {
                send(e.frame());
            } else if (step instanceof Recording.Agi a) {
                agi.addAll(AgiExchange.run(ids.agiEnvironment(a.environment(), agiUrl), a.exchanges(), agiPort,
                        channels));
            } else if (step instanceof Recording.Action a && isService(a)) {
                answer(a);
            } else if (step instanceof Recording.Closed) {
                int before = ami.logins();
                ami.restart(Duration.ofMillis(750));
                awaitLogins(before + 1);
            }
        }
    }

    private boolean isService(Recording.Action a) {
        String name = a.name() == null ? "" : a.name().toLowerCase();
        // The lab driver's own session; the service logs in by itself.
        return !name.equals("login") && !name.equals("logoff") && !external.contains(a);
    }

    private void send(AmiFrame recorded) {
        AmiFrame frame = ids.frame(recorded);
        String actionId = frame.get("ActionID");
        if (actionId != null && actionIds.containsKey(actionId)) {
            frame = withActionId(frame, actionIds.get(actionId));
        }
        channels.saw(frame);
        ami.broadcast(frame);
    }

    private void answer(Recording.Action recorded) throws Exception {
        ReplaySession.Received got = ami.nextAction(WAIT);
        if (got == null) {
            throw new AssertionError(recording.name + " line " + recorded.line() + ": the service did not send "
                    + recorded.frame().lines() + " within " + WAIT.toSeconds() + " s");
        }
        String mismatch = ActionMatch.mismatch(recorded.frame(), got.action());
        if (mismatch != null) {
            throw new AssertionError(recording.name + " line " + recorded.line() + ": " + mismatch + "; sent: "
                    + got.action().lines());
        }
        served.add(got.action());
        if (remaining(recorded) == 0) {
            // More of these (another call's Status at reconcile) get the not-recorded replies again.
            ami.stopReplaying(recorded.name());
        }
        String serviceId = got.action().get("ActionID");
        actionIds.put(recorded.frame().get("ActionID"), serviceId);
        String channelId = got.action().get("ChannelId");
        if (channelId != null) {
            pinOriginated(recorded, channelId);
        }
        for (AmiFrame reply : replies.getOrDefault(recorded, recorded.replies())) {
            AmiFrame frame = withActionId(ids.frame(reply), serviceId);
            got.session().send(frame);
        }
    }

    private long remaining(Recording.Action after) {
        return recording.steps.subList(recording.steps.indexOf(after) + 1, recording.steps.size()).stream()
                .filter(s -> s instanceof Recording.Action a && isService(a) && a.name().equalsIgnoreCase(after.name()))
                .count();
    }

    /** The service chose the originated channel's uniqueid: the recorded one stands for it from now on. */
    private void pinOriginated(Recording.Action originate, String channelId) {
        int at = recording.steps.indexOf(originate);
        int created = recording.indexOf("Newchannel", null, null, at);
        String recordedId = ((Recording.Event) recording.steps.get(created)).frame().get("Uniqueid");
        ids.pin(recordedId, channelId);
    }

    private void awaitLogins(int count) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (ami.logins() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError(recording.name + ": the service did not log in again");
            }
            Thread.sleep(20);
        }
    }

    private static AmiFrame withActionId(AmiFrame frame, String actionId) {
        AmiFrame out = new AmiFrame();
        frame.fields().forEach(f -> out.add(f.getKey(), f.getKey().equalsIgnoreCase("ActionID") ? actionId : f.getValue()));
        return out;
    }

    /** The service's actions the replay took, in order. */
    List<AmiFrame> served() {
        return List.copyOf(served);
    }

    /** The AGI commands the service sent and the replies it got. */
    List<AgiExchange.Sent> agi() {
        return List.copyOf(agi);
    }
}
