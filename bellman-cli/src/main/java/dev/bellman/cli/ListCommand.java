package dev.bellman.cli;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.GameAlgorithmProvider;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.env.Env;
import dev.bellman.games.Game;
import dev.bellman.games.Games;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bellman list envs|algos|games}: what can be trained, and with what. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List registered envs (with their spaces and the algorithms that suit them), algorithms"
                + " (with the spaces they support) or two-player games (with the algorithms that train on them).")
final class ListCommand implements Callable<Integer> {
    enum What { envs, algos, games }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "envs|algos|games", description = "What to list: ${COMPLETION-CANDIDATES}.")
    What what;

    @Option(names = "--json", description = "Print one JSON array.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "With algos: also each algorithm's hyperparameters.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = switch (what) {
            case envs -> envs();
            case algos -> algos();
            case games -> games();
        };
        if (json) {
            out.println(Files2.JSON.writeValueAsString(rows));
            return 0;
        }
        if (what == What.games) {
            table(out, rows,
                    List.of("id", "actions", "observation_shape", "max_game_length", "symmetries", "algorithms"));
        } else if (what == What.envs) {
            // a deprecated alias shows as "Taxi-v3 (deprecated: use Taxi-v4)"
            rows.forEach(r -> r.computeIfPresent("id", (k, v) -> r.containsKey("deprecated") ? v + " (deprecated: " + r.get("deprecated") + ")" : v));
            table(out, rows, List.of("id", "observation_space", "action_space", "reward_threshold", "algorithms"));
        } else {
            table(out, rows, List.of("id", "observation_spaces", "action_spaces", "description"));
            if (verbose) {
                for (AlgorithmProvider p : Algorithms.all()) {
                    out.println();
                    out.println(p.id() + " hyperparameters (--set NAME=VALUE):");
                    Map<SpaceKind, Map<String, String>> byKind = actionSpaceDefaults(p);
                    for (Hyperparameter h : p.hyperparameters()) {
                        out.printf(Locale.ROOT, "  %-28s %-10s default %-10s %s (%s)%n", h.name(), h.type().name().toLowerCase(Locale.ROOT),
                                h.defaultValue(), h.description(), h.expected());
                    }
                    // defaults that depend on the env's action space: the table above holds the others' defaults
                    for (var e : byKind.entrySet()) {
                        List<String> kinds = new ArrayList<>();
                        for (SpaceKind k : p.spaces().actions()) if (!byKind.containsKey(k)) kinds.add(k.label());
                        out.println("  on " + e.getKey().label() + " actions these defaults replace the ones above"
                                + (kinds.isEmpty() ? "" : " (which apply to " + String.join(", ", kinds) + " actions)") + ":");
                        e.getValue().forEach((k, v) -> out.printf(Locale.ROOT, "    %-26s %s%n", k, v));
                    }
                }
            }
        }
        return 0;
    }

    private static List<Map<String, Object>> envs() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : EnvCatalog.ids()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            dev.bellman.env.Envs.replacement(id).ifPresent(current -> row.put("deprecated", "use " + current));
            try (Env<?, ?> env = EnvCatalog.make(id, Map.of())) {
                row.put("observation_space", SpaceKind.of(env.observationSpace()).label());
                row.put("action_space", SpaceKind.of(env.actionSpace()).label());
                row.put("reward_threshold", EnvCatalog.rewardThreshold(env));
                row.put("algorithms", Algorithms.supporting(env));
            } catch (Exception | LinkageError e) {
                row.put("observation_space", "?");
                row.put("action_space", "?");
                row.put("reward_threshold", null);
                row.put("algorithms", List.of());
                row.put("error", String.valueOf(e.getMessage()));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The registered two-player games: action count, observation shape, longest game, symmetries, algorithms. */
    private static List<Map<String, Object>> games() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : GameTargets.gameIds()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            Game game = Games.make(id);
            row.put("actions", game.numDistinctActions());
            row.put("observation_shape", Arrays.stream(game.observationShape()).mapToObj(String::valueOf)
                    .collect(Collectors.joining("x")));
            row.put("max_game_length", game.maxGameLength());
            row.put("symmetries", game.numSymmetries());
            row.put("algorithms", Algorithms.all().stream()
                    .filter(p -> p instanceof GameAlgorithmProvider g && g.supportsGame(id)).map(AlgorithmProvider::id)
                    .toList());
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> algos() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AlgorithmProvider p : Algorithms.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("observation_spaces", SpaceSupport.describe(p.spaces().observations()));
            row.put("action_spaces", SpaceSupport.describe(p.spaces().actions()));
            row.put("description", p.description());
            if (json) {
                List<Map<String, Object>> hps = new ArrayList<>();
                for (Hyperparameter h : p.hyperparameters()) {
                    Map<String, Object> hm = new LinkedHashMap<>();
                    hm.put("name", h.name());
                    hm.put("type", h.type().name().toLowerCase(Locale.ROOT));
                    hm.put("default", h.defaultValue());
                    hm.put("description", h.description());
                    hm.put("expected", h.expected());
                    hps.add(hm);
                }
                row.put("hyperparameters", hps);
                Map<String, Object> byKind = new LinkedHashMap<>();
                actionSpaceDefaults(p).forEach((k, m) -> byKind.put(k.label(), m));
                row.put("action_space_defaults", byKind);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The provider's action-space-specific defaults, for each action kind it supports that has any. */
    private static Map<SpaceKind, Map<String, String>> actionSpaceDefaults(AlgorithmProvider p) {
        Map<SpaceKind, Map<String, String>> out = new java.util.EnumMap<>(SpaceKind.class);
        for (SpaceKind k : p.spaces().actions()) {
            Map<String, String> m = p.actionSpaceDefaults(k);
            if (!m.isEmpty()) out.put(k, m);
        }
        return out;
    }

    private static void table(PrintWriter out, List<Map<String, Object>> rows, List<String> cols) {
        int[] w = new int[cols.size()];
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (String c : cols) {
            header.add(c.toUpperCase(Locale.ROOT).replace('_', ' '));
        }
        cells.add(header);
        for (Map<String, Object> r : rows) {
            List<String> line = new ArrayList<>();
            for (String c : cols) {
                Object v = r.get(c);
                line.add(v == null ? "-" : v instanceof List<?> l ? (l.isEmpty() ? "-" : String.join(",", l.stream().map(String::valueOf).toList()))
                        : v instanceof Double d ? CsvMetrics.format(d) : v.toString());
            }
            cells.add(line);
        }
        for (List<String> line : cells) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], line.get(i).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < w.length; i++) {
                String cell = line.get(i);
                sb.append(cell);
                if (i < w.length - 1) {
                    sb.append(" ".repeat(w[i] - cell.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
