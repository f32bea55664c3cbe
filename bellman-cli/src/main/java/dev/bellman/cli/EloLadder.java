package dev.bellman.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elo ratings of many players from the matches played between them: the maximum-likelihood fit of the Bradley-Terry
 * (logistic Elo) model, {@code P(i beats j) = 1 / (1 + 10^((r_j - r_i) / 400))}, with one player held at 0 (the
 * anchor) and a draw counted as half a win and half a loss.
 *
 * <p>A player who won or lost every game has no finite maximum, so every pairing that was played also counts
 * {@link #PRIOR_DRAWS} virtual draws (the prior that BayesElo also uses, there two draws per player): the estimate of
 * a clean sweep is finite and pulled towards its opponent by an amount that shrinks as more games are played. The
 * 95% intervals are {@code r ± 1.96 sd}, the standard deviations from the inverse of the observed information
 * (the negative Hessian of the log-likelihood with the anchor fixed): a rating is relative to the anchor, so the
 * anchor's interval is 0.
 *
 * <p>The fit is Newton's method (steps capped at 400 Elo) on a concave log-likelihood; every player must be
 * connected to the anchor through played pairings, or its rating is undefined ({@link IllegalArgumentException}
 * naming those players).
 */
final class EloLadder {
    /** Virtual draws added to every pairing that was played. */
    static final double PRIOR_DRAWS = 1;
    private static final double K = Math.log(10) / 400;
    /** The largest change of any rating in one Newton step (a trust region, so a lopsided start cannot overshoot). */
    private static final double MAX_STEP = 400;

    private EloLadder() {}

    /** One match: player {@code a}'s wins, draws and losses against {@code b}. */
    record Match(String a, String b, int wins, int draws, int losses) {
        Match {
            if (a.equals(b)) throw new IllegalArgumentException("a match of " + a + " against itself");
            if (wins < 0 || draws < 0 || losses < 0 || wins + draws + losses == 0) {
                throw new IllegalArgumentException("match " + a + " vs " + b + " needs games and non-negative counts,"
                        + " got " + wins + "/" + draws + "/" + losses);
            }
        }
    }

    /** One player's rating, its 95% interval and the games it played. */
    record Rating(String player, double elo, double low, double high, int games) {}

    /** The ratings of every player in {@code matches}, {@code anchor} at 0, in order of first appearance. */
    static List<Rating> fit(List<Match> matches, String anchor) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Match m : matches) {
            index.putIfAbsent(m.a(), index.size());
            index.putIfAbsent(m.b(), index.size());
        }
        Integer anchorIndex = index.get(anchor);
        if (anchorIndex == null) {
            throw new IllegalArgumentException("the anchor " + anchor + " played none of the matches");
        }
        int n = index.size();
        double[][] score = new double[n][n], games = new double[n][n]; // score[i][j]: i's points against j
        int[] played = new int[n];
        for (Match m : matches) {
            int i = index.get(m.a()), j = index.get(m.b()), g = m.wins() + m.draws() + m.losses();
            score[i][j] += m.wins() + 0.5 * m.draws();
            score[j][i] += m.losses() + 0.5 * m.draws();
            games[i][j] += g;
            games[j][i] += g;
            played[i] += g;
            played[j] += g;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (games[i][j] > 0) {
                    score[i][j] += 0.5 * PRIOR_DRAWS;
                    games[i][j] += PRIOR_DRAWS;
                }
            }
        }
        requireConnected(index, games, anchorIndex);

        double[] r = new double[n];
        double[][] info = null;
        for (int iteration = 0; iteration < 200; iteration++) {
            double[] gradient = new double[n];
            info = new double[n][n]; // the observed information, -Hessian
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j || games[i][j] == 0) continue;
                    double p = 1 / (1 + Math.exp(-K * (r[i] - r[j])));
                    gradient[i] += K * (score[i][j] - games[i][j] * p);
                    double w = K * K * games[i][j] * p * (1 - p);
                    info[i][i] += w;
                    info[i][j] -= w;
                }
            }
            double[] step = solve(withoutAnchor(info, anchorIndex), withoutAnchor(gradient, anchorIndex));
            double largest = 0;
            for (double d : step) largest = Math.max(largest, Math.abs(d));
            double scale = largest > MAX_STEP ? MAX_STEP / largest : 1; // damped far from the maximum
            for (int i = 0, k = 0; i < n; i++) {
                if (i != anchorIndex) r[i] += scale * step[k++];
            }
            if (largest < 1e-9) break;
        }
        double[][] covariance = invert(withoutAnchor(info, anchorIndex));
        List<Rating> out = new ArrayList<>();
        for (var e : index.entrySet()) {
            int i = e.getValue();
            int k = i < anchorIndex ? i : i - 1;
            double sd = i == anchorIndex ? 0 : Math.sqrt(covariance[k][k]);
            out.add(new Rating(e.getKey(), r[i], r[i] - EloEstimate.Z95 * sd, r[i] + EloEstimate.Z95 * sd, played[i]));
        }
        return out;
    }

    private static void requireConnected(Map<String, Integer> index, double[][] games, int anchor) {
        int n = games.length;
        boolean[] seen = new boolean[n];
        List<Integer> stack = new ArrayList<>(List.of(anchor));
        seen[anchor] = true;
        while (!stack.isEmpty()) {
            int i = stack.remove(stack.size() - 1);
            for (int j = 0; j < n; j++) {
                if (!seen[j] && games[i][j] > 0) {
                    seen[j] = true;
                    stack.add(j);
                }
            }
        }
        List<String> apart = new ArrayList<>();
        for (var e : index.entrySet()) if (!seen[e.getValue()]) apart.add(e.getKey());
        if (!apart.isEmpty()) {
            throw new IllegalArgumentException("no chain of matches links " + String.join(", ", apart)
                    + " to the anchor, so their ratings are undefined; play a match between the two groups");
        }
    }

    private static double[][] withoutAnchor(double[][] m, int anchor) {
        int n = m.length;
        double[][] out = new double[n - 1][n - 1];
        for (int i = 0, a = 0; i < n; i++) {
            if (i == anchor) continue;
            for (int j = 0, b = 0; j < n; j++) {
                if (j == anchor) continue;
                out[a][b++] = m[i][j];
            }
            a++;
        }
        return out;
    }

    private static double[] withoutAnchor(double[] v, int anchor) {
        double[] out = new double[v.length - 1];
        for (int i = 0, a = 0; i < v.length; i++) if (i != anchor) out[a++] = v[i];
        return out;
    }

    /** Solves {@code m x = b} by Gaussian elimination with partial pivoting ({@code m} is positive definite here). */
    static double[] solve(double[][] m, double[] b) {
        int n = b.length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[pivot][c])) pivot = i;
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int i = c + 1; i < n; i++) {
                double f = a[i][c] / a[c][c];
                for (int j = c; j <= n; j++) a[i][j] -= f * a[c][j];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) s -= a[i][j] * x[j];
            x[i] = s / a[i][i];
        }
        return x;
    }

    private static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] e = new double[n];
            e[c] = 1;
            double[] col = solve(m, e);
            for (int i = 0; i < n; i++) inv[i][c] = col[i];
        }
        return inv;
    }
}
