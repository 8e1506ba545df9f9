/* One line per test suite: a function defined in a file of test/core. */
SUITE(test_gb3838)
SUITE(test_money)
