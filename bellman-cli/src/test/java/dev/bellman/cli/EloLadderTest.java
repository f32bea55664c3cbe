package dev.bellman.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The joint Elo fit: its maximum, its prior, its intervals and its refusals. */
class EloLadderTest {
    private static Map<String, EloLadder.Rating> byName(List<EloLadder.Rating> rs) {
        return rs.stream().collect(Collectors.toMap(EloLadder.Rating::player, r -> r));
    }

    @Test
    void twoPlayers_theFitIsTheLogisticOfTheScoreWithTheVirtualDraw() {
        // 70 wins, 10 draws, 20 losses plus one virtual draw: score (75 + 0.5) / 101
        var r = byName(EloLadder.fit(List.of(new EloLadder.Match("a", "b", 70, 10, 20)), "b"));
        assertEquals(0, r.get("b").elo(), 0);
        assertEquals(0, r.get("b").high() - r.get("b").low(), 0, "the anchor has no interval");
        assertEquals(EloEstimate.elo(75.5 / 101), r.get("a").elo(), 1e-6);
        assertEquals(100, r.get("a").games());
        // the interval from the information: sd = 1 / sqrt(K^2 n p (1 - p)), K = ln 10 / 400
        double p = 75.5 / 101, k = Math.log(10) / 400, sd = 1 / Math.sqrt(k * k * 101 * p * (1 - p));
        assertEquals(r.get("a").elo() - EloEstimate.Z95 * sd, r.get("a").low(), 1e-6);
        assertEquals(r.get("a").elo() + EloEstimate.Z95 * sd, r.get("a").high(), 1e-6);
    }

    @Test
    void aChain_addsItsDifferences_andTheAnchorMovesEveryRatingTogether() {
        // a scores 76% against b, b 76% against c (about +200 each, as the virtual draws pull a little)
        List<EloLadder.Match> chain = List.of(new EloLadder.Match("a", "b", 760, 0, 240),
                new EloLadder.Match("c", "b", 240, 0, 760));
        var fromC = byName(EloLadder.fit(chain, "c"));
        double ab = EloEstimate.elo(760.5 / 1001);
        assertEquals(ab, fromC.get("b").elo(), 1e-6);
        assertEquals(2 * ab, fromC.get("a").elo(), 1e-6);
        var fromA = byName(EloLadder.fit(chain, "a"));
        for (String p : List.of("a", "b", "c")) {
            assertEquals(fromC.get(p).elo() - fromC.get("a").elo(), fromA.get(p).elo(), 1e-6, p);
        }
        assertTrue(fromC.get("a").high() - fromC.get("a").low() > fromC.get("b").high() - fromC.get("b").low(),
                "two links away is less certain than one");
    }

    @Test
    void aCleanSweep_isFiniteAndShrinksWithFewerGames() {
        double many = byName(EloLadder.fit(List.of(new EloLadder.Match("a", "b", 100, 0, 0)), "b")).get("a").elo();
        double few = byName(EloLadder.fit(List.of(new EloLadder.Match("a", "b", 4, 0, 0)), "b")).get("a").elo();
        assertTrue(Double.isFinite(many) && many > few && few > 0, many + " " + few);
        assertEquals(EloEstimate.elo(4.5 / 5), few, 1e-6);
        // a long lopsided chain: every link 10,000 to 0, so the far end is about 4 x 1,600 Elo away
        List<EloLadder.Match> chain = List.of(new EloLadder.Match("a", "b", 10_000, 0, 0),
                new EloLadder.Match("b", "c", 10_000, 0, 0), new EloLadder.Match("c", "d", 10_000, 0, 0),
                new EloLadder.Match("d", "e", 10_000, 0, 0));
        double link = EloEstimate.elo(10_000.5 / 10_001);
        assertEquals(4 * link, byName(EloLadder.fit(chain, "e")).get("a").elo(), 1e-6);
    }

    @Test
    void aCycleOfEqualResults_ratesEveryoneEqually() {
        List<EloLadder.Match> cycle = List.of(new EloLadder.Match("a", "b", 6, 0, 4),
                new EloLadder.Match("b", "c", 6, 0, 4), new EloLadder.Match("c", "a", 6, 0, 4));
        for (EloLadder.Rating r : EloLadder.fit(cycle, "a")) assertEquals(0, r.elo(), 1e-6, r.player());
    }

    @Test
    void unlinkedPlayers_areRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> EloLadder.fit(List.of(
                new EloLadder.Match("a", "b", 1, 0, 1), new EloLadder.Match("c", "d", 1, 0, 1)), "a"));
        assertTrue(e.getMessage().contains("c, d"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EloLadder.Match("a", "a", 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EloLadder.Match("a", "b", 0, 0, 0));
    }
}
