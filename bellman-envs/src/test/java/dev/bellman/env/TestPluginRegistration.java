package dev.bellman.env;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A test-scoped third-party provider, found through META-INF/services in src/test/resources. */
public final class TestPluginRegistration implements EnvRegistration {

    /** Observe a symbol in {0, 1, 2}; reward 1 for naming it. Terminates after {@code length} steps. */
    static final class Echo implements Env<Integer, Integer> {
        private final Discrete space = new Discrete(3);
        private final int length;
        private NpRandom random;
        private int symbol;
        private int t;

        Echo(int length) {
            this.length = length;
        }

        @Override
        public Reset<Integer> reset(Long seed, Map<String, Object> options) {
            if (seed != null) {
                random = new NpRandom(seed);
            } else if (random == null) {
                random = NpRandom.fromEntropy();
            }
            t = 0;
            symbol = (int) random.integers(3);
            return new Reset<>(symbol, Map.of());
        }

        @Override
        public Step<Integer> step(Integer action) {
            double r = action == symbol ? 1.0 : 0.0;
            t++;
            symbol = (int) random.integers(3);
            return new Step<>(symbol, r, t >= length, false, Map.of());
        }

        @Override
        public Space<Integer> observationSpace() {
            return space;
        }

        @Override
        public Space<Integer> actionSpace() {
            return space;
        }

        @Override
        public void close() {
        }
    }

    @Override
    public Collection<EnvSpec> specs() {
        return List.of(new EnvSpec("testplugin/Echo-v0",
                kw -> new Echo(((Number) kw.get("length")).intValue()), 100, 10.0, Map.of("length", 20)));
    }
}
