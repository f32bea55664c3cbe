import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A checksum of Go's rules as {@code GoState} applies them, to compare two builds of {@code bellman-games} (a speed-up of
 * the playout path must not change it): random games on 5x5 to 13x13 under both ko rules, each move drawn from
 * {@code legalActions()} (so the checksum does not depend on the order of the internal empty-point list), with the legal
 * sets, eye-like points, hashes, captures and scores folded in after every move, and random stretches of undo between
 * games. Run with JDK 11+ as a source file against each build's classes and compare the printed lines:
 *
 * <pre>
 * java -cp bellman-games/target/classes tools/bench/GoRulesChecksum.java
 * </pre>
 */
public class GoRulesChecksum {
    public static void main(String[] args) {
        for (String rule : new String[] {"POSITIONAL_SUPERKO", "SIMPLE"}) {
            for (int n : new int[] {5, 7, 9, 13}) {
                GoState empty = new GoGame(GoGame.Config.of(n).withKoRule(GoGame.KoRule.valueOf(rule))).newInitialState();
                SplittableRandom random = new SplittableRandom(7);
                long h = 0;
                for (int game = 0; game < 1000 / n; game++) {
                    GoState s = empty.copy();
                    for (int round = 0; round < 3; round++) {
                        while (!s.isTerminal()) {
                            int[] legal = s.legalActions();
                            h = h * 31 + Arrays.hashCode(legal);
                            // mostly points, a pass one time in 50, so that games are long, with captures and kos
                            int m = legal.length > 1 && random.nextInt(50) != 0 ? legal[random.nextInt(legal.length - 1)]
                                    : legal[legal.length - 1];
                            for (int q = 0; q < n * n; q++) if (s.isEyeLike(q, s.mover())) h += q;
                            s.apply(m);
                            h = h * 31 + s.hash() + s.captures(0) * 7L + s.captures(1);
                        }
                        h = h * 31 + Double.hashCode(s.score());
                        int back = random.nextInt(s.moveNumber() + 1);
                        for (int j = 0; j < back; j++) {
                            s.undo();
                            h = h * 31 + s.hash() + Arrays.hashCode(s.legalActions());
                        }
                    }
                }
                System.out.println(rule + " " + n + "x" + n + " " + Long.toHexString(h));
            }
        }
    }
}
