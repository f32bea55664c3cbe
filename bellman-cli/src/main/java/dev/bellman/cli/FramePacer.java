package dev.bellman.cli;

/**
 * Paces a real-time loop at a fixed frame rate, as pygame's {@code Clock.tick(fps)} paces Gymnasium's human play:
 * each {@link #awaitNextFrame} returns one frame period after the previous one returned, sleeping the difference. A
 * loop that falls behind (a step slower than a period) is not made to catch up with a burst of unslept frames: the
 * next period starts from the late return.
 */
final class FramePacer {
    /** Time source and sleep, replaceable in tests. */
    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    private final long periodNanos;
    private final Clock clock;
    private long last = Long.MIN_VALUE;

    /** @param fps frames per second, positive (an env's {@code renderFps()}) */
    FramePacer(int fps, Clock clock) {
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive but was " + fps);
        }
        this.periodNanos = 1_000_000_000L / fps;
        this.clock = clock;
    }

    long periodNanos() {
        return periodNanos;
    }

    /** Sleeps until one period after the previous call returned (the first call returns at once); the nanos slept. */
    long awaitNextFrame() throws InterruptedException {
        long now = clock.nanoTime();
        long slept = 0;
        if (last != Long.MIN_VALUE && now < last + periodNanos) {
            slept = last + periodNanos - now;
            clock.sleepNanos(slept);
            now = last + periodNanos;
        }
        last = now;
        return slept;
    }
}
