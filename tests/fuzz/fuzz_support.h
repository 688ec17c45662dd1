#pragma once
// Shared by Lantern's fuzz targets (tests/fuzz/targets/*.cpp). Each target defines LLVMFuzzerTestOneInput: it
// hands the bytes to one reader exactly as the application does and accepts two outcomes only, success or a
// lantern::Error that names the file. Anything else (another exception, a crash, a sanitizer report, a hang, more
// than 2 GB) is a finding. Every target is built twice: with libFuzzer in the `fuzz` preset (`make fuzz`), and as
// a replay executable over its stored corpus and the real files of the shared data (ctest label `fuzz`).

#include "lantern/error.h"
#include "lantern/model.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lantern::fuzz {

/// Writes the input to `name` in this process's temporary folder (tmpfs when there is one) and returns the path.
std::string writeInput(const uint8_t* data, size_t size, const std::string& name);
/// The input as text (for readers that take JSON).
inline std::string_view text(const uint8_t* data, size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

/// Runs a model loaded from fuzzed bytes once on zeros (batch 1), like the explorer does after loading, when it
/// stays within a harness budget: `maxElements` floats over all values and `maxWork` multiply-adds or comparisons
/// (a valid model may be big or slow; that is not a finding, and a Lantern error for absurd shapes is fine either
/// way). The work budget is what keeps a legitimate but costly layer, such as a dilated 60x80 max pool over a
/// megapixel, from being reported as a hang.
void runModel(Model& model, double maxElements = double(1 << 22), double maxWork = double(1 << 26));

/// Writes the input to `name` and opens it with loadModel (the format picked from the content, as the explorer
/// does), then runs it once within the harness budget.
void loadModelFile(const uint8_t* data, size_t size, const std::string& name);

/// A lantern::Error from loading must name the file (its base name); aborts otherwise so the fuzzer reports it.
void requireNamed(const Error& error, const std::string& path);

/// Aborts with a message: used for outcomes that are findings (not a crash by themselves).
[[noreturn]] void finding(const std::string& what);

} // namespace lantern::fuzz

/// Runs `body`; a lantern::Error must name `path`; other exceptions are findings.
#define LANTERN_FUZZ_LOAD(path, body)                                                                                \
    do {                                                                                                             \
        try {                                                                                                        \
            body;                                                                                                    \
        } catch (const ::lantern::Error& lanternError) {                                                             \
            ::lantern::fuzz::requireNamed(lanternError, path);                                                       \
        } catch (const std::exception& otherError) {                                                                 \
            ::lantern::fuzz::finding(std::string("not a lantern::Error: ") + otherError.what());                    \
        }                                                                                                            \
    } while (0)
