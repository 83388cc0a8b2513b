// Experimental designs: full grids, Latin hypercubes and Sobol sequences.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <vector>

#include "analysis/designs.hpp"

using wfsim::full_grid;
using wfsim::kSobolMaxDimensions;
using wfsim::latin_hypercube;
using wfsim::sobol_points;

namespace {

/// How many points fall in each of the 2^a x 2^b elementary intervals of
/// coordinates (first, second), over the first `count` points.
std::vector<int> box_counts(const std::vector<std::vector<double>>& points, int count, int first,
                            int second, int a, int b) {
  std::vector<int> counts(std::size_t{1} << (a + b), 0);
  for (int i = 0; i < count; ++i) {
    const auto& p = points[static_cast<std::size_t>(i)];
    const auto row = static_cast<std::size_t>(p[static_cast<std::size_t>(first)] * (1 << a));
    const auto column = static_cast<std::size_t>(p[static_cast<std::size_t>(second)] * (1 << b));
    ++counts[(row << b) | column];
  }
  return counts;
}

}  // namespace

TEST_CASE("full_grid enumerates every combination once, last factor fastest", "[designs]") {
  const auto grid = full_grid({2, 3, 1, 4});
  REQUIRE(grid.size() == 2u * 3u * 1u * 4u);
  CHECK(grid[0] == std::vector<int>{0, 0, 0, 0});
  CHECK(grid[1] == std::vector<int>{0, 0, 0, 1});
  CHECK(grid[4] == std::vector<int>{0, 1, 0, 0});
  CHECK(grid[12] == std::vector<int>{1, 0, 0, 0});
  CHECK(grid.back() == std::vector<int>{1, 2, 0, 3});
  // Row-major order is lexicographic order, so strictly increasing rows are
  // also all distinct; with the right count and range, every combination is there.
  CHECK(std::is_sorted(grid.begin(), grid.end()));
  CHECK(std::adjacent_find(grid.begin(), grid.end()) == grid.end());
  for (const auto& point : grid) {
    REQUIRE(point.size() == 4u);
    CHECK((point[0] >= 0 && point[0] < 2 && point[1] >= 0 && point[1] < 3 && point[2] == 0 &&
           point[3] >= 0 && point[3] < 4));
  }
  CHECK(full_grid({5}) == std::vector<std::vector<int>>{{0}, {1}, {2}, {3}, {4}});
}

TEST_CASE("full_grid rejects bad levels and oversized grids", "[designs]") {
  CHECK_THROWS_AS(full_grid({}), std::invalid_argument);
  CHECK_THROWS_AS(full_grid({3, 0}), std::invalid_argument);
  CHECK_THROWS_AS(full_grid({-2}), std::invalid_argument);
  CHECK_THROWS_AS(full_grid({10'000'001}), std::invalid_argument);
  CHECK_THROWS_AS(full_grid({100'000, 101}), std::invalid_argument);
  // Products that overflow 64 bits if multiplied out before checking.
  CHECK_THROWS_AS(full_grid(std::vector<int>(8, 2'000'000'000)), std::invalid_argument);
}

TEST_CASE("a Latin hypercube has one point per stratum in every dimension", "[designs]") {
  for (const int n : {1, 7, 100}) {
    for (const int d : {1, 5}) {
      CAPTURE(n, d);
      const auto design = latin_hypercube(n, d, 2024);
      REQUIRE(design.size() == static_cast<std::size_t>(n));
      for (int j = 0; j < d; ++j) {
        std::vector<int> per_stratum(static_cast<std::size_t>(n), 0);
        for (const auto& point : design) {
          REQUIRE(point.size() == static_cast<std::size_t>(d));
          const double x = point[static_cast<std::size_t>(j)];
          REQUIRE(x >= 0.0);
          REQUIRE(x < 1.0);
          ++per_stratum[static_cast<std::size_t>(x * n)];
        }
        CHECK(std::all_of(per_stratum.begin(), per_stratum.end(), [](int c) { return c == 1; }));
      }
    }
  }
}

TEST_CASE("a Latin hypercube is reproducible from its seed", "[designs]") {
  const auto design = latin_hypercube(100, 5, 7);
  CHECK(latin_hypercube(100, 5, 7) == design);
  // The stratum of each point in dimension j, for n = 100.
  const auto strata = [](const std::vector<std::vector<double>>& points, std::size_t j) {
    std::vector<int> result;
    for (const auto& point : points) result.push_back(static_cast<int>(point[j] * 100));
    return result;
  };
  // Another seed changes the permutations, not only the jitter within strata.
  CHECK(strata(latin_hypercube(100, 5, 8), 0) != strata(design, 0));
  // Dimensions are permuted independently: no two columns share a permutation.
  std::set<std::vector<int>> columns;
  for (std::size_t j = 0; j < 5; ++j) columns.insert(strata(design, j));
  CHECK(columns.size() == 5u);
  // A design in fewer dimensions is a prefix of one in more (one stream per
  // dimension), so adding a factor leaves the others' values alone.
  const auto narrower = latin_hypercube(100, 3, 7);
  for (std::size_t i = 0; i < 100; ++i) {
    CHECK(std::equal(narrower[i].begin(), narrower[i].end(), design[i].begin()));
  }
  CHECK(latin_hypercube(0, 3, 7).empty());
  CHECK_THROWS_AS(latin_hypercube(-1, 3, 7), std::invalid_argument);
  CHECK_THROWS_AS(latin_hypercube(10, 0, 7), std::invalid_argument);
}

TEST_CASE("Sobol points start with the known values of dimensions 1 to 3", "[designs]") {
  // Gray-code order, identical to SciPy's qmc.Sobol(d=3, scramble=False).random(8).
  const std::vector<std::vector<double>> expected = {
      {0, .5, .75, .25, .375, .875, .625, .125},
      {0, .5, .25, .75, .375, .875, .125, .625},
      {0, .5, .25, .75, .625, .125, .875, .375},
  };
  const auto points = sobol_points(8, 3);
  REQUIRE(points.size() == 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    REQUIRE(points[i].size() == 3u);
    for (std::size_t j = 0; j < 3; ++j) CHECK(points[i][j] == expected[j][i]);
  }
}

TEST_CASE("Sobol points in high dimensions match SciPy", "[designs]") {
  // SciPy 1.10.1, qmc.Sobol(d=128, scramble=False).random(4096), columns 63
  // and 127 (dimensions 64 and 128): these exercise rows of degree 9 and 10
  // of the direction table and direction numbers beyond the initial m_i.
  const auto points = sobol_points(4096, kSobolMaxDimensions);
  struct Known {
    std::size_t index;
    double dim64, dim128;
  };
  for (const Known& known :
       {Known{1, 0.5, 0.5}, Known{2, 0.75, 0.25}, Known{3, 0.25, 0.75},
        Known{100, 0.6484375, 0.4609375}, Known{1000, 0.4462890625, 0.5439453125},
        Known{4095, 0.553466796875, 0.261474609375}}) {
    CAPTURE(known.index);
    CHECK(points[known.index][63] == known.dim64);
    CHECK(points[known.index][127] == known.dim128);
  }
}

TEST_CASE("skipping Sobol points continues the same sequence", "[designs]") {
  const auto all = sobol_points(300, 10);
  const auto tail = sobol_points(123, 10, 177);
  for (std::size_t i = 0; i < tail.size(); ++i) CHECK(tail[i] == all[177 + i]);
}

TEST_CASE("every Sobol dimension is a (0,m,1)-net on the first 2^m points", "[designs]") {
  // All v_k with k <= m are multiples of 2^-m, so the first 2^m coordinates are
  // not only one per interval [k/2^m, (k+1)/2^m) but exactly the left ends k/2^m.
  const auto points = sobol_points(1 << 10, kSobolMaxDimensions);
  for (int j = 0; j < kSobolMaxDimensions; ++j) {
    for (int m = 1; m <= 10; ++m) {
      CAPTURE(j + 1, m);
      std::vector<double> column;
      for (int i = 0; i < (1 << m); ++i) column.push_back(points[static_cast<std::size_t>(i)][j]);
      std::sort(column.begin(), column.end());
      bool exact = true;
      for (int k = 0; k < (1 << m); ++k) {
        exact = exact && column[static_cast<std::size_t>(k)] == k * (1.0 / (1 << m));
      }
      CHECK(exact);
    }
  }
}

TEST_CASE("Sobol dimensions 1 and 2 form (0,m,2)-nets", "[designs]") {
  const auto points = sobol_points(1 << 10, 2);
  for (int m = 1; m <= 10; ++m) {
    for (int a = 0; a <= m; ++a) {
      CAPTURE(m, a);
      const auto counts = box_counts(points, 1 << m, 0, 1, a, m - a);
      CHECK(std::all_of(counts.begin(), counts.end(), [](int c) { return c == 1; }));
    }
  }
  // The net property is about aligned blocks: points 2^m..2^(m+1)-1 form one too.
  const auto second_block = sobol_points(1 << 8, 2, 1 << 8);
  for (int a = 0; a <= 8; ++a) {
    const auto counts = box_counts(second_block, 1 << 8, 0, 1, a, 8 - a);
    CHECK(std::all_of(counts.begin(), counts.end(), [](int c) { return c == 1; }));
  }
}

TEST_CASE("Sobol coordinate means over 2^12 points are exact", "[designs]") {
  // The first 2^12 coordinates of a dimension are {k/2^12}; their mean is
  // (2^12-1)/2^13, and every partial sum is a dyadic rational that a double
  // holds exactly, so the comparison is exact.
  constexpr int m = 12;
  const auto points = sobol_points(1 << m, kSobolMaxDimensions);
  for (int j = 0; j < kSobolMaxDimensions; ++j) {
    double sum = 0;
    for (const auto& point : points) sum += point[static_cast<std::size_t>(j)];
    CAPTURE(j + 1);
    CHECK(sum / (1 << m) == ((1 << m) - 1) / double{1 << (m + 1)});
  }
}

TEST_CASE("sobol_points rejects invalid arguments", "[designs]") {
  CHECK_THROWS_AS(sobol_points(8, 0), std::invalid_argument);
  CHECK_THROWS_AS(sobol_points(8, kSobolMaxDimensions + 1), std::invalid_argument);
  CHECK_THROWS_AS(sobol_points(-1, 2), std::invalid_argument);
  CHECK_THROWS_AS(sobol_points(8, 2, -1), std::invalid_argument);
  CHECK(sobol_points(0, 2).empty());
  CHECK(sobol_points(1, kSobolMaxDimensions).size() == 1u);
}
