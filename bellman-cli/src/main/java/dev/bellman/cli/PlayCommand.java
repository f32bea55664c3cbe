package dev.bellman.cli;

import dev.bellman.env.Env;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import dev.bellman.env.wrappers.GifWriter;
import dev.bellman.envs.toytext.TabularEnv;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman play}: for a game run (AlphaZero), games against an opponent, a person at the terminal by default
 * ({@link GamePlay}); otherwise runs a saved run's greedy policy for a few episodes and prints each return;
 * toy-text envs show their text picture after every step (on a terminal, or with {@code --render-text}),
 * and {@code --gif} records the env's {@code render()} frames into an animated GIF
 * ({@link GifWriter}, looping, at the env's frame rate).
 */
@Command(name = "play", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run the greedy policy of a trained run, print per-episode returns, optionally show or record it.",
                "On a game run (alphazero): play games against a person at the terminal or another player (--opponent)."})
final class PlayCommand implements Callable<Integer> {
    /** Safety cap for envs without a time limit (as evaluation's). */
    static final int MAX_STEPS = 100_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "A directory written by 'bellman train'.")
    Path runDir;

    @Option(names = "--human", description = "You play --env: in a window where a display exists (LunarLander,"
            + " CarRacing, ...: hold the arrow keys or w a s d, Esc stops), else at the terminal, one key per step; with"
            + " --record the episodes become a dataset for --demos.")
    boolean human;

    @Option(names = "--window", description = "With --human: play in a window (the default where a display exists and"
            + " the env has window controls); an error on a headless machine.")
    boolean window;

    @Option(names = "--terminal", description = "With --human: play at the terminal, one key per step, even where a"
            + " display exists.")
    boolean terminal;

    @Option(names = "--env", paramLabel = "ENV_ID", description = "The env of --human: " + "CartPole-v1, MountainCar-v0,"
            + " Acrobot-v1, LunarLander-v3, FrozenLake-v1, CliffWalking-v1, Taxi-v3, ...")
    String envId;

    @Option(names = "--record", paramLabel = "DATASET",
            description = "With --human: write your finished episodes as a Minari-layout dataset (directory).")
    Path record;

    @Option(names = "--episodes", defaultValue = "1", paramLabel = "N", description = "Episodes, or games on a game run (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the first reset (default: the run's seed + 1, as eval;"
            + " with --human 0, episode e then seed + e).")
    Long seed;

    @Option(names = "--render-text", negatable = true,
            description = "Print the text picture of toy-text envs after each step (default: when stdout is a terminal).")
    Boolean renderText;

    @Option(names = "--gif", paramLabel = "FILE.gif", description = "Record the episodes' frames into an animated GIF.")
    Path gif;

    @Option(names = "--opponent", paramLabel = "SPEC",
            description = "Game runs (alphazero): who plays against the run: human (default; a board and move prompts on"
                    + " the terminal), random, mcts:N, solver, solver:DEPTH, minimax, or another run directory.")
    String opponent;

    @Option(names = "--first", defaultValue = "opponent", paramLabel = "WHO",
            description = "Game runs: who moves first in the first game, 'opponent' (default) or 'run'; colours"
                    + " alternate over --episodes games.")
    String first;

    @Option(names = "--simulations", paramLabel = "N",
            description = "Game runs: the run's MCTS simulations per move (default: the run's eval-simulations).")
    Integer simulations;

    @Option(names = "--gif-max-frames", defaultValue = "500", paramLabel = "N",
            description = "Stop recording after this many frames (default ${DEFAULT-VALUE}; frames are held in memory).")
    int gifMaxFrames;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (episodes <= 0) {
            throw new UserError("--episodes must be a positive integer but was " + episodes + ".");
        }
        if (seed != null && seed < 0) {
            throw new UserError("--seed must be a non-negative integer (as Gymnasium and NumPy require) but was " + seed + ".");
        }
        if (gifMaxFrames < 2) {
            throw new UserError("--gif-max-frames must be at least 2 but was " + gifMaxFrames + ".");
        }
        if (gif != null && Files.isDirectory(gif)) {
            throw new UserError("--gif " + gif + " is a directory; expected the path of a GIF file to write, e.g. "
                    + gif.resolve("episode.gif") + ".");
        }
        if (human) {
            if (runDir != null || envId == null) {
                throw new UserError("--human plays an env, not a run: give --env ENV_ID and no --run-dir.");
            }
            if (gif != null || opponent != null || simulations != null) {
                throw new UserError("--gif, --opponent and --simulations are not for --human; drop them.");
            }
            if (window && terminal) {
                throw new UserError("--window and --terminal contradict each other; give one of them.");
            }
            long s0 = seed != null ? seed : 0;
            if (window) {
                HumanEnvPlay.windowKeys(envId);
                if (!HumanWindow.displayAvailable()) {
                    throw new UserError("--window needs a display, but this Java runs headless (no DISPLAY, or"
                            + " -Djava.awt.headless=true); run it where a display exists, or drop --window to play at"
                            + " the terminal.");
                }
                return HumanEnvPlay.playInWindow(envId, episodes, s0, record, out);
            }
            if (!terminal && WindowKeys.of(envId).isPresent() && HumanWindow.displayAvailable()) {
                return HumanEnvPlay.playInWindow(envId, episodes, s0, record, out);
            }
            return HumanEnvPlay.play(envId, episodes, s0, record,
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                            java.nio.charset.StandardCharsets.UTF_8)), out);
        }
        if (window || terminal) {
            throw new UserError((window ? "--window" : "--terminal") + " is for --human; drop it.");
        }
        if (runDir == null) {
            throw new UserError("give --run-dir DIR (a trained run), or --human --env ENV_ID to play yourself.");
        }
        if (envId != null || record != null) {
            throw new UserError((envId != null ? "--env" : "--record") + " is for --human; a run plays on its own env.");
        }
        EvalCommand.Loaded run = EvalCommand.load(runDir);
        EvalCommand.noteIfStopped(spec.commandLine().getErr(), "play", run, runDir);
        if (run.policy() instanceof dev.bellman.algorithms.alphazero.AlphaZeroPolicy policy) {
            return GamePlay.play(this, policy, out, spec.commandLine().getErr());
        }
        if (opponent != null || simulations != null) {
            throw new UserError((opponent != null ? "--opponent" : "--simulations") + " is for game runs (--algo"
                    + " alphazero), but run " + runDir + " trained " + run.algo() + " on the env " + run.envId()
                    + "; drop the flag.");
        }
        GameTargets.refuseGameRun(run, runDir, "play");
        long s = seed != null ? seed : EvalCommand.evalSeed(run.seed());
        List<RenderFrame> frames = new ArrayList<>();
        boolean capped = false;
        int fps;
        try (Env env = EnvCatalog.make(run.envId(), run.envKwargs())) {
            fps = env.renderFps();
            TabularEnv text = env.unwrapped() instanceof TabularEnv t ? t : null;
            boolean showText = text != null && (renderText != null ? renderText : isTerminal());
            out.printf(Locale.ROOT, "%s on %s: %d greedy episode%s (seed %d)%n", run.algo(), run.envId(), episodes,
                    episodes == 1 ? "" : "s", s);
            double sum = 0;
            for (int e = 0; e < episodes; e++) {
                Reset reset = e == 0 ? env.reset(s) : env.reset();
                Object obs = reset.observation();
                if (showText) {
                    out.print(text.renderText());
                }
                if (gif != null) {
                    capped |= !record(env, frames, run.envId());
                }
                double total = 0;
                int length = 0;
                for (int t = 0; t < MAX_STEPS; t++) {
                    Step step = env.step(run.policy().act(obs instanceof byte[] b ? dev.bellman.env.ByteBox.toFloats(b) : obs));
                    total += step.reward();
                    length++;
                    if (showText) {
                        out.print(text.renderText());
                    }
                    if (gif != null) {
                        capped |= !record(env, frames, run.envId());
                    }
                    if (step.terminated() || step.truncated()) {
                        break;
                    }
                    obs = step.observation();
                }
                sum += total;
                out.printf(Locale.ROOT, "episode %d: return %s, length %d%n", e + 1, CsvMetrics.format(total), length);
                out.flush();
            }
            if (episodes > 1) {
                out.printf(Locale.ROOT, "mean return %.4f over %d episodes%n", sum / episodes, episodes);
            }
        }
        if (gif != null) {
            if (frames.size() < 2) {
                throw new UserError("env " + run.envId() + " rendered " + frames.size() + " frame(s); an animated GIF needs"
                        + " at least 2 (does the env support render()?).");
            }
            GifWriter.write(frames, fps, gif);
            out.printf(Locale.ROOT, "wrote %s (%d frames at %d fps%s)%n", gif, frames.size(), fps,
                    capped ? "; stopped at --gif-max-frames " + gifMaxFrames : "");
        }
        return 0;
    }

    /** Appends the env's current frame; false when it rendered none. */
    private boolean record(Env<?, ?> env, List<RenderFrame> frames, String envId) {
        if (frames.size() >= gifMaxFrames) {
            return false;
        }
        RenderFrame f = env.render();
        if (f == null) {
            throw new UserError("env " + envId + " does not render frames (render() returned nothing); drop --gif.");
        }
        frames.add(f);
        return true;
    }

    private static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try { // JDK 22+: a console exists even when redirected; isTerminal() tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
