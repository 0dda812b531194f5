package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TuneSelectTest {
  @Test
  void gridCoversLogSpacedRatesTimesFilterChoices() {
    List<double[]> grid = TuneSelect.space(TuneSelect.Search.GRID, 6, 1e-3, 1e-1, List.of(8, 16), 1);
    assertEquals(6, grid.size());
    assertArrayEquals(new double[] {1e-3, 8}, grid.get(0), 1e-15);
    assertArrayEquals(new double[] {1e-3, 16}, grid.get(1), 1e-15);
    assertArrayEquals(new double[] {1e-2, 8}, grid.get(2), 1e-15);
    assertArrayEquals(new double[] {1e-1, 16}, grid.get(5), 1e-15);
  }

  @Test
  void randomSearchIsSeededAndInRange() {
    List<double[]> a = TuneSelect.space(TuneSelect.Search.RANDOM, 5, 1e-3, 1e-2, List.of(8, 16), 3);
    List<double[]> b = TuneSelect.space(TuneSelect.Search.RANDOM, 5, 1e-3, 1e-2, List.of(8, 16), 3);
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(a.get(i), b.get(i));
      assertTrue(a.get(i)[0] >= 1e-3 && a.get(i)[0] <= 1e-2);
      assertTrue(a.get(i)[1] == 8 || a.get(i)[1] == 16);
    }
    // more trials keep the first ones, so finished trials are reused when num_trials grows
    List<double[]> more = TuneSelect.space(TuneSelect.Search.RANDOM, 7, 1e-3, 1e-2, List.of(8, 16), 3);
    assertArrayEquals(a.get(4), more.get(4));
  }
}
