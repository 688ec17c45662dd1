#pragma once
// CrabNet attention recordings (Wang et al. 2021/2022, github.com/anthony-wang/CrabNet): Zarr v2 arrays
// `layer{L}` of shape (rows, 1, heads, n_el, n_el) float32 with a NaN fill, where rows = n_samples × epochs,
// plus the formulae CSV (`formula,target`) of the recorded data set. Conventions (docs/snapshots/crabnet.md):
//  * samples are the CSV rows in file order without the pure elements (CrabNet's get_edm drop_unary=True);
//  * a sample's elements are in CrabNet's EDM order: the parsed composition (first appearance, parentheses
//    expanded in place, repeats summed, |amount| < 1e-6 dropped) stably sorted by descending amount, truncated
//    to n_el, fractions normalised over the kept elements, padding ("--") after them;
//  * matrix rows are the attending (query) element, columns the attended (key) element, as PyTorch's
//    MultiheadAttention weights (L × S); a pair is absent when either element is padding (CrabNet's plots mask
//    presence ⊗ presence), and absent pairs are NaN here;
//  * a directory store (written during training) is epoch-major: row = epoch × n_samples + sample; the zip store
//    (rewritten after training) is sample-major: row = sample × epochs + epoch.

#include "lantern/snapshots/zarr.h"
#include "lantern/tensor.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lantern::snapshots {

struct ElementAmount {
    std::string symbol;
    double amount = 0;
};

/// CrabNet's parse_formula: elements in order of first appearance (a parenthesised group is expanded where it
/// stands, its amounts multiplied), repeated elements summed. Throws ArgumentError for what CrabNet rejects.
std::vector<ElementAmount> parseCrabNetFormula(const std::string& formula);
/// The EDM order of a formula: amounts with |amount| >= 1e-6, stably sorted by descending amount.
std::vector<ElementAmount> crabNetElementOrder(const std::string& formula);

/// One recorded sample as CrabNet fed it to the model.
struct CrabNetSample {
    std::string formula;
    int64_t csvLine = 0;              ///< 1-based line of the CSV (the header is line 1)
    std::vector<std::string> symbols; ///< n_el labels in EDM order; "--" for padding and unknown symbols
    std::vector<float> fractions;     ///< n_el fractions (0 for padding), normalised over the kept elements
    std::vector<uint8_t> present;     ///< fraction > 0
    int truncated = 0;                ///< elements beyond n_el that CrabNet dropped
    int presentCount() const;
};

enum class RowOrder { EpochMajor, SampleMajor };
/// "epoch-major" / "sample-major"
const char* rowOrderName(RowOrder order);
/// Parses "epoch-major" or "sample-major" (ArgumentError otherwise).
RowOrder rowOrderFromName(const std::string& name);

struct CrabNetOptions {
    int layer = 0;                 ///< array `layer{L}` unless the store root is an array itself
    std::optional<RowOrder> order; ///< nothing: directory store → epoch-major, zip store → sample-major
    bool dropUnary = true;         ///< CrabNet's default; false when the recording kept pure elements
};

/// One frame: every head's matrix of one sample at one epoch.
struct AttentionFrame {
    int64_t sample = 0, epoch = 0, row = 0;
    int layer = 0;
    CrabNetSample composition; ///< formula, element symbols and fractions of the sample
    Tensor values; ///< (heads, n_el, n_el); [h][query][key]; NaN where a pair is absent
};

class CrabNetRecording {
public:
    /// Opens the array (layer `options.layer`, or the store root when it is an array) and reads the CSV.
    /// IoError when the array is not CrabNet-shaped or its rows are not a multiple of the CSV's samples.
    static CrabNetRecording open(const std::string& storePath, const std::string& csvPath,
                                 const CrabNetOptions& options = {});

    int64_t samples() const;
    int64_t epochs() const;
    int heads() const;
    int elements() const; ///< n_el
    int layer() const;
    RowOrder order() const;
    const ZarrArray& array() const;
    const CrabNetSample& sample(int64_t index) const;
    /// The array row of (sample, epoch) in this recording's order.
    int64_t row(int64_t sample, int64_t epoch) const;

    /// Every head of one sample at one epoch. IoError naming the chunk when it is missing from the store (a
    /// CrabNet recording writes every chunk: a missing one means the epoch was never recorded or the store is
    /// damaged, and reading it as the NaN fill would look like "all pairs absent").
    AttentionFrame frame(int64_t sample, int64_t epoch) const;
    /// (epochs, heads, n_el, n_el) for one sample: one chunk per head in the sample-major zip layout.
    Tensor series(int64_t sample) const;

private:
    struct Impl;
    std::shared_ptr<const Impl> m_impl;
};

} // namespace lantern::snapshots
