package dev.bellman.algorithms.preference;

import dev.bellman.env.Env;
import dev.bellman.env.HasState;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.wrappers.GifWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person answers the queries on the page that {@code bellman label --run-dir D} serves; this labeller and that page
 * talk through files in the run directory only:
 * <ul>
 *   <li>{@value #CLIPS}{@code /q-N-left.gif}, {@code q-N-right.gif}: the two clips of query N, animated GIFs of the
 *       env's renderer at its frame rate, written by the run;</li>
 *   <li>{@value #QUERIES}: one JSON object per line, {@code {"id":N,"left":"clips/q-N-left.gif",
 *       "right":"clips/q-N-right.gif","frames":L,"fps":F}}, appended by the run after the clips exist;</li>
 *   <li>{@value #ANSWERS}: one JSON object per line, {@code {"id":N,"choice":"left"}} with choice {@code left},
 *       {@code right}, {@code equal} or {@code skip}, appended by the page's server.</li>
 * </ul>
 * {@link #label} writes the queries and then waits, reading the answers file every {@code pollMillis}, until every
 * query it asked has an answer. A query answered twice keeps its first answer.
 *
 * <p>Clips are rendered by setting a fresh env's state to each observation ({@link HasState}); that needs an env whose
 * state is its observation, such as CartPole and MountainCar (Pendulum's and Acrobot's observations are cosines and
 * sines of their state: they are refused with a message naming the env). Steps in the absorbing state after a
 * termination show as a dark frame.
 */
public final class PageLabeller implements Labeller {
    /** The answers file in the run directory. */
    public static final String ANSWERS = "preferences.jsonl";
    /** The queries file in the run directory. */
    public static final String QUERIES = "queries.jsonl";
    /** The clips folder in the run directory. */
    public static final String CLIPS = "clips";
    /** The answers a page may give. */
    public static final List<String> CHOICES = List.of("left", "right", "equal", "skip");

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern CHOICE = Pattern.compile("\"choice\"\\s*:\\s*\"(\\w+)\"");

    private final Path dir;
    private final Supplier<Env<?, ?>> envFactory;
    private final long pollMillis;

    /**
     * @param dir the run directory the page serves
     * @param envFactory makes an env of the run's id to render clips with
     * @param pollMillis how often to look for answers
     */
    public PageLabeller(Path dir, Supplier<Env<?, ?>> envFactory, long pollMillis) {
        this.dir = dir;
        this.envFactory = envFactory;
        this.pollMillis = pollMillis;
    }

    @Override
    public float[] label(List<Query> queries) {
        try {
            Files.createDirectories(dir.resolve(CLIPS));
            try (Env<?, ?> env = envFactory.get()) {
                for (Query q : queries) {
                    int fps = Math.max(1, env.renderFps());
                    GifWriter.write(frames(env, q.first()), fps, dir.resolve(clipPath(q.id(), "left")));
                    GifWriter.write(frames(env, q.second()), fps, dir.resolve(clipPath(q.id(), "right")));
                    append(dir.resolve(QUERIES), "{\"id\":" + q.id() + ",\"left\":\"" + clipPath(q.id(), "left")
                            + "\",\"right\":\"" + clipPath(q.id(), "right") + "\",\"frames\":" + q.first().length()
                            + ",\"fps\":" + fps + "}");
                }
            }
            float[] out = new float[queries.size()];
            while (true) {
                Map<Long, String> answers = readAnswers(dir);
                boolean all = true;
                for (int i = 0; i < out.length; i++) {
                    String c = answers.get(queries.get(i).id());
                    if (c == null) {
                        all = false;
                        break;
                    }
                    out[i] = switch (c) {
                        case "left" -> 1f;
                        case "right" -> 0f;
                        case "equal" -> 0.5f;
                        default -> Float.NaN;
                    };
                }
                if (all) {
                    return out;
                }
                Thread.sleep(pollMillis);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not exchange queries with the labelling page in " + dir + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for answers in " + dir.resolve(ANSWERS), e);
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
    }

    /** The path of a clip relative to the run directory; {@code side} is {@code left} or {@code right}. */
    public static String clipPath(long id, String side) {
        return CLIPS + "/q-" + id + "-" + side + ".gif";
    }

    /**
     * The frames of a clip: the env set to the state of each observation ({@link HasState#stateFromObservation}, so
     * also Pendulum and Acrobot, whose observations are cos/sin of their angles) and rendered, then dark frames for the
     * absorbing steps.
     */
    static List<RenderFrame> frames(Env<?, ?> env, Segment s) {
        if (!(env.unwrapped() instanceof HasState hs)) {
            throw new IllegalArgumentException(env.spec().id() + " cannot be rendered from observations: the labelling"
                    + " page needs an env whose state can be set (HasState)");
        }
        env.reset(0L);
        int obsSize = s.observationSize();
        List<RenderFrame> frames = new ArrayList<>();
        RenderFrame last = null;
        for (int t = 0; t < s.length(); t++) {
            if (t < s.aliveSteps()) {
                double[] state = hs.stateFromObservation(
                        java.util.Arrays.copyOfRange(s.observations(), t * obsSize, (t + 1) * obsSize));
                if (state == null) {
                    throw new IllegalArgumentException(env.spec().id() + " has a state of " + hs.state().length
                            + " values that its observations of " + obsSize + " do not determine: the labelling page"
                            + " renders clips by setting the env to the state of each observation");
                }
                hs.setState(state);
                last = env.render();
                if (last == null) {
                    throw new IllegalArgumentException(env.spec().id() + " has no renderer for the labelling page");
                }
                frames.add(last);
            } else {
                RenderFrame shape = last != null ? last : blankLike(env);
                byte[] dark = new byte[shape.rgb().length];
                for (int i = 0; i < dark.length; i++) {
                    dark[i] = (byte) ((shape.rgb()[i] & 0xff) / 4);
                }
                frames.add(new RenderFrame(shape.width(), shape.height(), dark));
            }
        }
        return frames;
    }

    private static RenderFrame blankLike(Env<?, ?> env) {
        RenderFrame f = env.render();
        if (f == null) {
            throw new IllegalArgumentException(env.spec().id() + " has no renderer for the labelling page");
        }
        return f;
    }

    /** The answers in the run directory's {@value #ANSWERS}, first answer per id, in file order. */
    public static Map<Long, String> readAnswers(Path runDir) throws IOException {
        Map<Long, String> out = new LinkedHashMap<>();
        Path f = runDir.resolve(ANSWERS);
        if (!Files.exists(f)) {
            return out;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            Matcher id = ID.matcher(line);
            Matcher c = CHOICE.matcher(line);
            if (id.find() && c.find() && CHOICES.contains(c.group(1))) {
                out.putIfAbsent(Long.parseLong(id.group(1)), c.group(1));
            }
        }
        return out;
    }

    /** The lines of the run directory's {@value #QUERIES} (JSON objects), in file order. */
    public static List<String> readQueries(Path runDir) throws IOException {
        Path f = runDir.resolve(QUERIES);
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                : List.of();
    }

    /** The id of one line of {@value #QUERIES}, or -1. */
    public static long queryId(String line) {
        Matcher m = ID.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Appends one answer line to the run directory's {@value #ANSWERS}. */
    public static synchronized void appendAnswer(Path runDir, long id, String choice) throws IOException {
        if (!CHOICES.contains(choice)) {
            throw new IllegalArgumentException("choice must be one of " + CHOICES + " but was " + choice);
        }
        append(runDir.resolve(ANSWERS), "{\"id\":" + id + ",\"choice\":\"" + choice + "\"}");
    }

    private static void append(Path f, String line) throws IOException {
        Files.writeString(f, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }
}
