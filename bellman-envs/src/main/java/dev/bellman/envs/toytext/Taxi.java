package dev.bellman.envs.toytext;

import dev.bellman.env.RenderFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * The taxi problem of Dietterich (2000), "Hierarchical Reinforcement Learning with the MAXQ Value Function
 * Decomposition", JAIR 13, with Gymnasium 1.x's dynamics ({@code gymnasium/envs/toy_text/taxi.py}, {@code Taxi-v3}).
 *
 * <h2>Description</h2>
 * A 5x5 grid with walls and four marked locations R (0, 0), G (0, 4), Y (4, 0), B (4, 3). The taxi must drive to the
 * passenger, pick them up, drive to the destination and drop them off.
 * <pre>
 * +---------+
 * |R: | : :G|
 * | : | : : |
 * | : : : : |
 * | | : | : |
 * |Y| : |B: |
 * +---------+
 * </pre>
 *
 * <h2>Action space</h2>
 * {@code Discrete(6)}: 0 south, 1 north, 2 east, 3 west, 4 pickup, 5 drop off.
 *
 * <h2>Observation space</h2>
 * {@code Discrete(500)}: {@code ((taxiRow * 5 + taxiCol) * 5 + passengerLocation) * 4 + destination}, passenger
 * location 0..3 = R, G, Y, B and 4 = in the taxi, destination 0..3 = R, G, Y, B ({@link #encode}, {@link #decode}).
 *
 * <h2>Rewards</h2>
 * -1 per step; +20 for delivering the passenger; -10 for an illegal pickup or drop-off. Dropping the passenger at a
 * marked location other than the destination leaves them there for -1 (Gymnasium 1.x).
 *
 * <h2>Starting state</h2>
 * Uniform over the 300 states whose passenger is at a marked location different from the destination.
 *
 * <h2>Episode end</h2>
 * Termination: a successful drop-off. Truncation: 200 steps (registered). Reward threshold 8 (optimum 8.46).
 *
 * <h2>Information</h2>
 * {@code prob} (always 1.0) and {@code action_mask} (a {@code byte[6]}, 1 where the action changes the state).
 *
 * <h2>Arguments</h2>
 * {@code Envs.make("Taxi-v4", Map.of("is_rainy", true, "rainy_probability", 0.8))}: with {@code is_rainy} a move the
 * map allows goes the intended way with {@code rainy_probability} and to the left or right of the heading with half
 * the rest each (a side step into a wall or the border stays put); pickup and dropoff stay deterministic.
 * {@code Taxi-v3} takes no arguments.
 *
 * <h2>Version history</h2>
 * v4 (Gymnasium 1.3): registered as {@code Taxi-v4}, with the keyword arguments {@code is_rainy} (default false)
 * and {@code rainy_probability} (0.8) as Gymnasium 1.3 fixed them; the default dynamics equal v3's. Gymnasium's
 * other v4 option, {@code fickle_passenger}, is not implemented (it needs a hidden per-episode flag, which the
 * tabular model and the snapshot format do not carry).
 * v3: {@code Taxi-v3}, kept as a deprecated alias of {@code Taxi-v4}.
 */
public final class Taxi extends TabularEnv {

    private final boolean rainy;
    private final double rainyProbability;

    public Taxi() {
        this(false, 0.8);
    }

    /** With {@code rainy}, moves slip sideways: Gymnasium 1.3's {@code is_rainy} and {@code rainy_probability}. */
    public Taxi(boolean rainy, double rainyProbability) {
        super(TaxiModel.build(rainy, rainyProbability));
        this.rainy = rainy;
        this.rainyProbability = rainyProbability;
    }

    public boolean isRainy() {
        return rainy;
    }

    public double rainyProbability() {
        return rainyProbability;
    }

    /** {@code ((taxiRow * 5 + taxiCol) * 5 + passengerLocation) * 4 + destination}. */
    public static int encode(int taxiRow, int taxiCol, int passengerLocation, int destination) {
        if (taxiRow < 0 || taxiRow >= 5 || taxiCol < 0 || taxiCol >= 5 || passengerLocation < 0
                || passengerLocation >= 5 || destination < 0 || destination >= 4) {
            throw new IllegalArgumentException("taxi (row, col, passenger, destination) must be in [0,5)x[0,5)x[0,5)x[0,4)"
                    + " but was (" + taxiRow + ", " + taxiCol + ", " + passengerLocation + ", " + destination + ")");
        }
        return TaxiModel.encode(taxiRow, taxiCol, passengerLocation, destination);
    }

    /** {taxiRow, taxiCol, passengerLocation, destination}. */
    public static int[] decode(int state) {
        return TaxiModel.decode(state);
    }

    /** Gymnasium's {@code action_mask(state)}: 1 where the action changes the state. */
    public static byte[] actionMask(int state) {
        return TaxiModel.actionMask(state);
    }

    @Override
    Map<String, Object> info(double prob) {
        return Map.of("prob", prob, "action_mask", TaxiModel.actionMask(state));
    }

    /**
     * The grid with walls, the four marked locations tinted (R, G, Y, B), the destination outlined, a waiting passenger
     * as a blue disc, and the taxi as a square: yellow when empty, green when carrying the passenger.
     */
    @Override
    RenderFrame renderFrame() {
        Color[] tints = {new Color(255, 170, 170), new Color(170, 255, 170), new Color(255, 255, 150),
            new Color(170, 170, 255)};
        int cell = GridRender.CELL;
        BufferedImage img = GridRender.image(5, 5);
        Graphics2D g = GridRender.graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 5 * cell, 5 * cell);
        for (int k = 0; k < 4; k++) {
            g.setColor(tints[k]);
            g.fillRect(TaxiModel.LOCS[k][1] * cell, TaxiModel.LOCS[k][0] * cell, cell, cell);
        }
        int[] d = TaxiModel.decode(state);
        g.setColor(Color.MAGENTA);
        g.setStroke(new java.awt.BasicStroke(3));
        g.drawRect(TaxiModel.LOCS[d[3]][1] * cell + 2, TaxiModel.LOCS[d[3]][0] * cell + 2, cell - 4, cell - 4);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 4; c++) {
                if (!TaxiModel.canMoveEast(r, c)) {
                    GridRender.wall(g, (c + 1) * cell, r * cell, (c + 1) * cell, (r + 1) * cell);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(4));
        g.drawRect(0, 0, 5 * cell - 1, 5 * cell - 1);
        int pad = cell / 6;
        g.setColor(d[2] == 4 ? new Color(40, 160, 60) : new Color(230, 190, 0));
        g.fillRect(d[1] * cell + pad, d[0] * cell + pad, cell - 2 * pad, cell - 2 * pad);
        if (d[2] < 4) {
            GridRender.disc(g, TaxiModel.LOCS[d[2]][0], TaxiModel.LOCS[d[2]][1], Color.BLUE);
        }
        g.dispose();
        return RenderFrame.of(img);
    }

    /**
     * The map, ANSI-free: the taxi's cell shows {@code t} when empty and {@code T} when carrying the passenger; a
     * waiting passenger's location letter is shown in lower case; then the passenger and destination by name and
     * the last action.
     */
    @Override
    public String renderText() {
        char[][] out = new char[TaxiModel.MAP.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = TaxiModel.MAP[i].toCharArray();
        }
        int[] d = TaxiModel.decode(state);
        if (d[2] < 4) {
            int[] loc = TaxiModel.LOCS[d[2]];
            out[1 + loc[0]][2 * loc[1] + 1] = Character.toLowerCase(TaxiModel.LOC_NAMES[d[2]]);
        }
        out[1 + d[0]][2 * d[1] + 1] = d[2] == 4 ? 'T' : 't';
        StringBuilder sb = new StringBuilder();
        for (char[] row : out) {
            sb.append(row).append('\n');
        }
        sb.append("  passenger: ").append(d[2] == 4 ? "in taxi" : String.valueOf(TaxiModel.LOC_NAMES[d[2]]))
                .append(", destination: ").append(TaxiModel.LOC_NAMES[d[3]]).append('\n');
        if (lastAction >= 0) {
            sb.append("  (").append(new String[] {"South", "North", "East", "West", "Pickup", "Dropoff"}[lastAction])
                    .append(")\n");
        }
        return sb.toString();
    }
}
