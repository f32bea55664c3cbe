package dev.bellman.core.demos;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Space;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory dataset of demonstrations: the episodes, the env they come from and its spaces, and free-form metadata
 * (Minari's {@code algorithm_name}, {@code author}, ...). The file format lives elsewhere ({@code bellman-datasets}
 * reads and writes Minari's HDF5 layout); this type has no dependency beyond the env API.
 *
 * <p>Observation and action columns must match the spaces: {@code Box} as float32 of the box's shape, {@code Discrete}
 * as int64 scalars, {@code ByteBox} as uint8 of its shape.
 *
 * @param datasetId Minari-style id, e.g. {@code bellman/CartPole-v1/ppo-v0}
 * @param envId the Bellman env id the episodes were recorded on
 * @param observationSpace the env's observation space
 * @param actionSpace the env's action space
 * @param episodes the episodes, ids {@code 0..n-1} in order
 * @param metadata further dataset-level metadata, strings by key (kept in insertion order)
 */
public record Dataset(String datasetId, String envId, Space<?> observationSpace, Space<?> actionSpace,
                      List<Episode> episodes, Map<String, String> metadata) {
    public Dataset {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(observationSpace, "observationSpace");
        Objects.requireNonNull(actionSpace, "actionSpace");
        episodes = List.copyOf(episodes);
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (int i = 0; i < episodes.size(); i++) {
            Episode e = episodes.get(i);
            if (e.id() != i) {
                throw new IllegalArgumentException("episode ids must be 0.." + (episodes.size() - 1) + " in order, but"
                        + " episode " + i + " has id " + e.id());
            }
            checkColumn("episode " + i + " observations", e.observations(), observationSpace);
            checkColumn("episode " + i + " actions", e.actions(), actionSpace);
        }
    }

    private static void checkColumn(String what, Column c, Space<?> space) {
        int[] want = space.shape();
        int[] s = c.shape();
        boolean kind = switch (space) {
            case Box b -> c instanceof Column.Floats;
            case Discrete d -> c instanceof Column.Longs;
            case ByteBox b -> c instanceof Column.Bytes;
            default -> throw new IllegalArgumentException("datasets support Box, Discrete and ByteBox spaces but " + what
                    + " has space " + space);
        };
        boolean shape = s.length == want.length + 1;
        for (int i = 0; shape && i < want.length; i++) shape = s[i + 1] == want[i];
        if (!kind || !shape) {
            throw new IllegalArgumentException(what + " are " + c.dtype() + " " + java.util.Arrays.toString(s)
                    + ", which does not fit the space " + space + " (expected " + expectedDtype(space) + " [steps"
                    + (want.length == 0 ? "" : ", " + java.util.Arrays.toString(want).replaceAll("[\\[\\]]", "")) + "])");
        }
    }

    /** The element type a column of {@code space} holds: float32, int64 or uint8. */
    public static String expectedDtype(Space<?> space) {
        return switch (space) {
            case Box b -> "float32";
            case Discrete d -> "int64";
            case ByteBox b -> "uint8";
            default -> "(unsupported)";
        };
    }

    /** Total steps over all episodes. */
    public long totalSteps() {
        long n = 0;
        for (Episode e : episodes) n += e.steps();
        return n;
    }

    /** Number of episodes. */
    public int totalEpisodes() {
        return episodes.size();
    }

    /** Episode count, steps and return statistics. */
    public DatasetStats stats() {
        return DatasetStats.of(episodes);
    }

    /** The first {@code n} episodes (all when fewer), e.g. to train from 10 of 50 recorded episodes. */
    public Dataset firstEpisodes(int n) {
        if (n <= 0) throw new IllegalArgumentException("episode count must be positive but was " + n);
        return new Dataset(datasetId, envId, observationSpace, actionSpace,
                episodes.subList(0, Math.min(n, episodes.size())), metadata);
    }

    /**
     * The first {@code n} steps (all when fewer): whole episodes in order, and the first steps of the episode in which
     * the count runs out, cut there and marked truncated (a limit outside the MDP ended it). For learning curves over
     * the number of expert labels.
     */
    public Dataset firstSteps(long n) {
        if (n <= 0) throw new IllegalArgumentException("step count must be positive but was " + n);
        List<Episode> out = new ArrayList<>();
        long left = n;
        for (Episode e : episodes) {
            if (left <= 0) break;
            if (e.steps() <= left) {
                out.add(e);
                left -= e.steps();
                continue;
            }
            int k = (int) left;
            double[] r = java.util.Arrays.copyOf(e.rewards(), k);
            boolean[] te = java.util.Arrays.copyOf(e.terminations(), k), tr = java.util.Arrays.copyOf(e.truncations(), k);
            tr[k - 1] = true;
            out.add(new Episode(e.id(), e.seed(), e.observations().head(k + 1), e.actions().head(k), r, te, tr));
            left = 0;
        }
        return new Dataset(datasetId, envId, observationSpace, actionSpace, out, metadata);
    }

    /**
     * A deterministic split by episode: the episodes are shuffled with a generator seeded by {@code seed}
     * (Fisher-Yates over {@link java.util.SplittableRandom}) and the first {@code round(n * validationFraction)} go to
     * validation (at least one when the fraction is positive and there are two or more episodes), the rest to training.
     * Each part keeps the original order of its episodes and renumbers their ids from 0.
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1) but was " + validationFraction);
        }
        int n = episodes.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nVal = (int) Math.round(n * validationFraction);
        if (validationFraction > 0 && nVal == 0 && n >= 2) nVal = 1;
        boolean[] val = new boolean[n];
        for (int i = 0; i < nVal; i++) val[order[i]] = true;
        List<Episode> train = new ArrayList<>(), valid = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Episode> to = val[i] ? valid : train;
            to.add(episodes.get(i).withId(to.size()));
        }
        return new Split(new Dataset(datasetId, envId, observationSpace, actionSpace, train, metadata),
                new Dataset(datasetId, envId, observationSpace, actionSpace, valid, metadata));
    }

    /** The two parts of {@link #split}. */
    public record Split(Dataset train, Dataset validation) {}

    /**
     * Why this dataset cannot be used to train on {@code env} (another env id, or other spaces), or empty when it can.
     * The message names both sides.
     */
    public Optional<String> incompatibility(String envId, Env<?, ?> env) {
        if (!this.envId.equals(envId)) {
            return Optional.of("the dataset " + datasetId + " was recorded on " + this.envId + ", not on " + envId);
        }
        if (!observationSpace.equals(env.observationSpace())) {
            return Optional.of("the dataset's observation space " + observationSpace + " differs from " + envId + "'s "
                    + env.observationSpace());
        }
        if (!actionSpace.equals(env.actionSpace())) {
            return Optional.of("the dataset's action space " + actionSpace + " differs from " + envId + "'s "
                    + env.actionSpace());
        }
        return Optional.empty();
    }
}
