// A data race planted in a parallel_for: every task adds to one unguarded
// sum. tests/tsan/run.sh builds it as the tests are built and requires
// ThreadSanitizer to report it, so a run whose sanitizer sees nothing (an
// uninstrumented libtbb hiding the tasks from it, say) cannot pass as clean.
#include <oneapi/tbb/parallel_for.h>

#include <cstdio>

int main() {
  double sum = 0;
  tbb::parallel_for(0, 100000, [&sum](int i) { sum += i; });
  std::printf("%g\n", sum);
  return 0;
}
