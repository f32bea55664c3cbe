package dev.bellman.cli;

import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.DatasetStats;
import dev.bellman.core.demos.Episode;
import dev.bellman.core.demos.Recorder;
import dev.bellman.datasets.MinariDatasets;
import dev.bellman.env.Env;
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

/**
 * {@code bellman play --human --env ID}: a person plays an env at the terminal with its {@link HumanKeys}, one key
 * (a line of input) per step, and with {@code --record OUT} the finished episodes are written as a Minari-layout
 * dataset, as {@code bellman record} writes a policy's (algorithm_name {@code human}). Before each step the page shows
 * the env's text picture (toy-text envs) or its observation's values. {@code q} or the end of the input stops: the
 * unfinished episode is dropped and the finished ones are kept. Episode {@code e} (0-based) is reset with seed
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

    static int play(String envId, int episodes, long seed, Path record, BufferedReader in, PrintWriter out) {
        HumanKeys keys = HumanKeys.of(envId).orElseThrow(() -> new UserError("env " + envId + " has no keyboard"
                + " controls for --human; envs with a key map: " + String.join(", ", HumanKeys.ENVS) + "."));
        if (record != null && MinariDatasets.exists(record)) {
            throw new UserError("--record " + record + " already holds a dataset; choose another directory or delete it.");
        }
        List<Episode> done = new ArrayList<>();
        Dataset dataset;
        try (Env<?, ?> env = EnvCatalog.make(envId, Map.of())) {
            TabularEnv text = env.unwrapped() instanceof TabularEnv t ? t : null;
            out.printf(Locale.ROOT, "%s: %d episode%s played by you (seeds from %d). Keys: %s; q: stop%s.%n", envId,
                    episodes, episodes == 1 ? "" : "s", seed, keys.help(),
                    record == null ? "" : " (finished episodes are kept)");
            int[] step = {0};
            for (int e = 0; e < episodes; e++) {
                step[0] = 0;
                List<Episode> ep;
                try {
                    ep = Recorder.record(env, obs -> {
                        out.print(text != null ? text.renderText() : "step " + step[0] + ": observation "
                                + describe(obs) + "\n");
                        step[0]++;
                        return ask(keys, in, out);
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
            dataset = new Dataset("bellman/" + envId + "/human-v0", envId, env.observationSpace(), env.actionSpace(), done,
                    meta);
        }
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
