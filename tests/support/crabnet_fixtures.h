#pragma once
// CrabNet attention fixtures for the Zarr, CrabNet, CLI and GUI tests: tests/snapshots/make_zarr_fixtures.py writes
// them with the real zarr library (python3-zarr) from the first formulae of the shared data's CrabNet CSV.

#include <QString>

namespace lantern::test {

/// The formulae CSV the fixtures are made from (the shared data's aflow__Egap/val.csv); empty when absent.
QString crabNetCsv();

/// Runs make_zarr_fixtures.py into `dir` on the first `samples` formulae of crabNetCsv(); returns the reason when it
/// fails (the script's error output), an empty string on success.
QString writeCrabNetFixtures(const QString& dir, int samples = 12);

/// The same float bit for bit, or both NaN.
bool sameFloat(float a, float b);

} // namespace lantern::test
