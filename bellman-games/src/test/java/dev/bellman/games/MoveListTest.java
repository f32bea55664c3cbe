package dev.bellman.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MoveListTest {

    @Test
    void pushPopAndCopy_keepIndependentHistories() {
        MoveList m = new MoveList(9);
        m.push(4);
        m.push(0);
        MoveList c = m.copy();
        m.push(8);
        assertEquals(List.of(4, 0, 8), m.toList());
        assertEquals("519", m.digits());
        assertEquals(8, m.pop());
        assertEquals(2, m.size());
        assertEquals(List.of(4, 0), c.toList());
        assertEquals(0, c.pop());
        c.push(6);
        assertEquals(List.of(4, 6), c.toList());
        assertEquals(List.of(4, 0), m.toList());
        assertEquals(6, c.pop());
        assertEquals(4, c.pop());
        var e = assertThrows(IllegalStateException.class, c::pop);
        assertEquals("no move to undo: this is the initial state", e.getMessage());
    }

    @Test
    void winnerReturnsAndMoveNumbers() {
        assertArrayEquals(new double[] {0, 0}, MoveList.winnerReturns(-1));
        assertArrayEquals(new double[] {1, -1}, MoveList.winnerReturns(0));
        assertArrayEquals(new double[] {-1, 1}, MoveList.winnerReturns(1));
        assertEquals("1 3 7", MoveList.moveNumbers(new int[] {0, 2, 6}));
        assertEquals("", MoveList.moveNumbers(new int[0]));
    }
}
