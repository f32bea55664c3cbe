package dev.bellman.cli;

import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.DatasetStats;
import dev.bellman.core.demos.Episode;
import dev.bellman.core.demos.Recorder;
import dev.bellman.datasets.MinariDatasets;
import dev.bellman.env.Env;
import dev.bellman.env.wrappers.TransformReward;
import dev.bellman.envs.toytext.TabularEnv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code bellman play --human --env ID}: a person plays an env, and with {@code --record OUT} the finished episodes are
 * written as a Minari-layout dataset, as {@code bellman record} writes a policy's (algorithm_name {@code human}). In a
 * window ({@link #playInWindow}, where a display exists): the env's frames at its frame rate and the keys held down
 * ({@link WindowKeys}), Esc or closing the window to stop. At the terminal ({@link #play}): its {@link HumanKeys}, one
 * key (a line of input) per step; before each step the page shows the env's text picture (toy-text envs) or its
 * observation's values, and {@code q} or the end of the input stops. A stop drops the unfinished episode and keeps the
 * finished ones. Episode {@code e} (0-based) is reset with seed
 * {@code seed + e}, which the dataset records.
 */
final class HumanEnvPlay {
    private HumanEnvPlay() {}

    /** The person stopped ({@code q} or end of input). */
    private static final class Quit extends RuntimeException {
        Quit() {
            super(null, null, false, false);
        }
    }

    /** Chooses the actions of one episode; {@code progress} holds its return and steps so far. */
    interface Controls {
        Function<Object, Object> actor(Env<?, ?> env, int episode, Progress progress);
    }

    /** The running return and step count of the episode being played. */
    static final class Progress {
        double episodeReturn;
        int steps;
    }

    /** At the terminal: one key (a line of {@code in}) per step. */
    static int play(String envId, int episodes, long seed, Path record, BufferedReader in, PrintWriter out) {
        HumanKeys keys = HumanKeys.of(envId).orElseThrow(() -> new UserError("env " + envId + " has no keyboard"
                + " controls for --human; envs with a key map: " + String.join(", ", HumanKeys.ENVS) + "."));
        refuseExisting(record);
        try (Env<?, ?> env = EnvCatalog.make(envId, Map.of())) {
            TabularEnv text = env.unwrapped() instanceof TabularEnv t ? t : null;
            return session(envId, env, episodes, seed, record, out, "Keys: " + keys.help() + "; q: stop",
                    (e, episode, progress) -> obs -> {
                        out.print(text != null ? text.renderText() : "step " + progress.steps + ": observation "
                                + describe(obs) + "\n");
                        return ask(keys, in, out);
                    });
        }
    }

    /**
     * In a window ({@link HumanWindow}): the env's frames at its frame rate, the keys held down read at every step
     * ({@link WindowKeys}); Esc or closing the window stops.
     */
    static int playInWindow(String envId, int episodes, long seed, Path record, PrintWriter out) {
        WindowKeys keys = windowKeys(envId);
        refuseExisting(record);
        try (Env<?, ?> env = EnvCatalog.make(envId, Map.of())) {
            return playInWindow(env, keys, episodes, seed, record, out, FramePacer.SYSTEM);
        }
    }

    static WindowKeys windowKeys(String envId) {
        return WindowKeys.of(envId).orElseThrow(() -> new UserError("env " + envId + " has no window controls for"
                + " --human; envs played in a window: " + String.join(", ", WindowKeys.ENVS) + " (others: --terminal)."));
    }

    /** {@link #playInWindow(String, int, long, Path, PrintWriter)} on a given env (tests wrap it). */
    static int playInWindow(Env<?, ?> env, WindowKeys keys, int episodes, long seed, Path record, PrintWriter out,
                            FramePacer.Clock clock) {
        FramePacer pacer = new FramePacer(env.renderFps() > 0 ? env.renderFps() : 50, clock);
        try (HumanWindow window = HumanWindow.open("bellman play --human: " + keys.envId())) {
            return session(keys.envId(), env, episodes, seed, record, out, "Keys (hold them down): " + keys.help()
                    + "; Esc or closing the window: stop", (e, episode, progress) -> obs -> {
                        if (window.stopRequested()) {
                            throw new Quit();
                        }
                        window.show(e.render(), String.format(Locale.ROOT, "episode %d/%d  step %d  return %.2f  "
                                + "(Esc: stop)", episode + 1, episodes, progress.steps, progress.episodeReturn));
                        try {
                            pacer.awaitNextFrame();
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            throw new Quit();
                        }
                        if (window.stopRequested()) {
                            throw new Quit();
                        }
                        return keys.action(window.held());
                    });
        }
    }

    private static void refuseExisting(Path record) {
        if (record != null && MinariDatasets.exists(record)) {
            throw new UserError("--record " + record + " already holds a dataset; choose another directory or delete it.");
        }
    }

    /** Plays the episodes with {@code controls}, prints each return, and writes the finished ones to {@code record}. */
    private static int session(String envId, Env<?, ?> env, int episodes, long seed, Path record, PrintWriter out,
                               String keysLine, Controls controls) {
        TabularEnv text = env.unwrapped() instanceof TabularEnv t ? t : null;
        List<Episode> done = new ArrayList<>();
        out.printf(Locale.ROOT, "%s: %d episode%s played by you (seeds from %d). %s%s.%n", envId,
                episodes, episodes == 1 ? "" : "s", seed, keysLine,
                record == null ? "" : " (finished episodes are kept)");
        out.flush();
        Progress progress = new Progress();
        Env<?, ?> counted = counting(env, progress);
        for (int e = 0; e < episodes; e++) {
            progress.episodeReturn = 0;
            progress.steps = 0;
            List<Episode> ep;
            try {
                Function<Object, Object> actor = controls.actor(env, e, progress);
                ep = Recorder.record(counted, obs -> {
                    Object a = actor.apply(obs);
                    progress.steps++;
                    return a;
                }, 1, seed + e, e);
            } catch (Quit q) {
                out.println("stopped; episode " + (e + 1) + " was not finished and is not kept");
                break;
            }
            Episode x = ep.get(0);
            if (text != null) out.print(text.renderText());
            done.add(x);
            out.printf(Locale.ROOT, "episode %d: return %s, length %d%s%n", e + 1, CsvMetrics.format(x.episodeReturn()),
                    x.steps(), x.terminated(x.steps() - 1) ? "" : " (truncated)");
            out.flush();
        }
        if (record == null) return 0;
        if (done.isEmpty()) {
            throw new UserError("no episode was finished, so nothing was recorded to " + record + ".");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("algorithm_name", "human");
        meta.put("author", "bellman play --human");
        meta.put("bellman_version", Version.VERSION);
        Dataset dataset = new Dataset("bellman/" + envId + "/human-v0", envId, env.observationSpace(), env.actionSpace(),
                done, meta);
        try {
            MinariDatasets.write(dataset, record);
        } catch (IOException ex) {
            throw new UserError("could not write the dataset to " + record + ": " + ex.getMessage(), ex);
        }
        DatasetStats st = dataset.stats();
        out.printf(Locale.ROOT, "recorded %d episodes, %d steps of human play on %s -> %s; return %.2f +/- %.2f%n",
                st.episodes(), st.steps(), envId, record, st.returnMean(), st.returnStd());
        return 0;
    }

    /** {@code env} with its rewards added to {@code progress.episodeReturn} as they come. */
    private static <O, A> Env<O, A> counting(Env<O, A> env, Progress progress) {
        return new TransformReward<>(env, r -> {
            progress.episodeReturn += r;
            return r;
        });
    }

    /** Asks until a line is a key of {@code keys}; throws {@link Quit} on {@code q} or the end of the input. */
    private static Integer ask(HumanKeys keys, BufferedReader in, PrintWriter out) {
        while (true) {
            out.print("key> ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null || line.strip().equalsIgnoreCase("q") || line.strip().equalsIgnoreCase("quit")) {
                throw new Quit();
            }
            Optional<Integer> a = keys.action(line);
            if (a.isPresent()) return a.get();
            out.println("'" + line.strip().replace("\u001b", "ESC") + "' is not a key here; " + keys.help()
                    + "; q: stop.");
        }
    }

    private static String describe(Object obs) {
        if (obs instanceof float[] f) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < f.length; i++) b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", f[i]));
            return b.append(']').toString();
        }
        return obs instanceof int[] a ? Arrays.toString(a) : String.valueOf(obs);
    }
}
