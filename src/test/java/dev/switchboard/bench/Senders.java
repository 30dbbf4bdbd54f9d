package dev.switchboard.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who writes in and what they say: a fixed pool of mobile numbers from which senders are drawn
 * at random, so early contacts mostly create customers and later ones mostly continue an open
 * interaction, and a handful of typical SMS texts. A pool is the same on every run; each
 * concurrency level gets its own, so that every level starts with the same mix.
 */
final class Senders {

    private static final List<String> MESSAGES = List.of(
            "Hello, my card was declined at the airport this morning, can someone call me back?",
            "I would like to move my appointment on Thursday to next week please",
            "Why was I charged twice for the same transfer? Reference 8812-4471",
            "Thanks, that solved it",
            "Please send me the statement for March as PDF to my email address on file");

    private final List<String> phones;

    Senders(int size, int poolNumber) {
        Random random = new Random(20_240_601L + poolNumber);
        Set<String> pool = new LinkedHashSet<>();
        while (pool.size() < size) {
            pool.add(String.format("139%08d", random.nextInt(100_000_000)));
        }
        this.phones = List.copyOf(pool);
    }

    /** A mobile number in national format, as a carrier would report it. */
    String phone() {
        return phones.get(ThreadLocalRandom.current().nextInt(phones.size()));
    }

    String message() {
        return MESSAGES.get(ThreadLocalRandom.current().nextInt(MESSAGES.size()));
    }
}
