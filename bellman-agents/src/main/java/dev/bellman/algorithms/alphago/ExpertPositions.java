package dev.bellman.algorithms.alphago;

import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import dev.bellman.games.go.Sgf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training positions of the supervised stages: every move of every SGF game record, as (the position before it,
 * the move, the outcome for the player who made it). Passes are moves like any other (the experts' passes at the end
 * teach when a game is over); captures are whatever the replay of the record under {@link GoGame}'s rules does. Moves
 * whose comment is {@value #RANDOM_COMMENT} (the random openings that {@code bellman go-records} plays so that its games
 * differ) are replayed but are not targets.
 */
final class ExpertPositions {
    /** The comment that marks a move as not an expert's ({@code bellman go-records}' random openings). */
    static final String RANDOM_COMMENT = "random opening move";

    private ExpertPositions() {}

    /**
     * One training position.
     *
     * @param board the position before the move, from the mover's side
     * @param move the expert's move (a point, or pass {@code N·N})
     * @param z the game's outcome for the mover: +1 won, -1 lost, 0 a draw or no result in the record
     */
    record Position(Board board, int move, float z) {}

    /** The positions of one game. */
    record Game(String name, List<Position> positions) {}

    /**
     * The positions of {@code record}, replayed on {@code game}'s rules (its size must be the record's).
     *
     * @throws IllegalArgumentException naming the move when the record cannot be replayed
     */
    static List<Position> of(Sgf.Record record, GoGame game) {
        if (record.size() != game.size()) {
            throw new IllegalArgumentException("the record is a " + record.size() + "x" + record.size() + " game, not "
                    + game.id());
        }
        int winner = winner(record.result());
        GoState state = game.newInitialState();
        if (record.setupBlack().length > 0 || record.setupWhite().length > 0 || record.firstPlayer() != 0) {
            state.setup(record.setupBlack(), record.setupWhite(), record.firstPlayer());
        }
        List<Position> out = new ArrayList<>();
        int i = 0;
        for (Sgf.Move m : record.moves()) {
            i++;
            if (state.isTerminal()) break; // moves after two passes are not part of the game
            if (m.player() != state.mover() || !state.isLegal(m.action())) {
                throw new IllegalArgumentException("move " + i + " (" + (m.player() == 0 ? "B " : "W ")
                        + game.actionToString(m.action()) + ") is " + (m.player() != state.mover() ? "out of turn"
                        : "illegal under " + game.config().koRule()));
            }
            if (!m.comment().equals(RANDOM_COMMENT)) {
                float z = winner < 0 ? 0f : winner == state.mover() ? 1f : -1f;
                out.add(new Position(Board.of(state), m.action(), z));
            }
            state.apply(m.action());
        }
        return out;
    }

    /** 0 when {@code result} says Black won ({@code B+...}), 1 for White, -1 for a draw or no result. */
    static int winner(String result) {
        String r = result.strip().toUpperCase(java.util.Locale.ROOT);
        if (r.startsWith("B+")) return 0;
        if (r.startsWith("W+")) return 1;
        return -1;
    }

    /**
     * The games of every {@code *.sgf} file under {@code directory} (or of the one file {@code directory} names), in
     * the order of their paths.
     *
     * @throws IllegalArgumentException naming the file that cannot be read or replayed, or when there is none
     */
    static List<Game> read(Path directory, GoGame game) {
        List<Path> files;
        if (Files.isRegularFile(directory)) {
            files = List.of(directory);
        } else {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("demos " + directory + " is neither a directory of SGF files nor one");
            }
            try (Stream<Path> s = Files.walk(directory)) {
                files = s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".sgf"))
                        .sorted().toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + directory + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("demos " + directory + " holds no .sgf files: write some with 'bellman"
                    + " go-records --out " + directory + "'");
        }
        List<Game> games = new ArrayList<>();
        for (Path f : files) {
            try {
                games.add(new Game(f.getFileName().toString(), of(Sgf.read(Files.readString(f, StandardCharsets.UTF_8)), game)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("SGF file " + f + " cannot train on " + game.id() + ": "
                        + e.getMessage(), e);
            }
        }
        return games;
    }
}
