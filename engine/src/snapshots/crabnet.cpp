// CrabNet attention recordings: the formulae CSV as CrabNet's get_edm reads it, the layout of the rows, frames
// and per-sample series with absent pairs masked.
#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/snapshots/crabnet.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace lantern::snapshots {

namespace {

// CrabNet's all_symbols (utils/utils.py get_edm): an element's EDM index is its position + 1.
constexpr std::array<const char*, 118> kSymbols = {
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",  "Cl", "Ar",
    "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
    "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe",
    "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf",
    "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
    "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs",
    "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};

bool knownSymbol(const std::string& s)
{
    return std::any_of(kSymbols.begin(), kSymbols.end(), [&](const char* k) { return s == k; });
}

/// One CSV record split into fields (double quotes, "" inside quotes); `pos` advances past the record.
std::vector<std::string> csvRecord(const std::string& text, size_t& pos)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (quoted) {
            if (c == '"' && pos < text.size() && text[pos] == '"') {
                fields.back() += '"';
                ++pos;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

struct CsvFormula {
    std::string formula;
    int64_t line = 0;
};

std::vector<CsvFormula> readFormulae(const std::string& path)
{
    const std::vector<char> bytes = io::readFileBytes(path);
    if (bytes.size() > (size_t(1) << 30))
        throw IoError(path + ": the CSV is larger than 1 GiB");
    const std::string text(bytes.begin(), bytes.end());
    size_t pos = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        pos = 3;
    const std::vector<std::string> header = csvRecord(text, pos);
    int column = -1;
    bool cifId = false;
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == "formula")
            column = int(i);
    if (column < 0) // CrabNet: df['formula'] = df['cif_id'].str.split('_ICSD').str[0]
        for (size_t i = 0; i < header.size(); ++i)
            if (header[i] == "cif_id") {
                column = int(i);
                cifId = true;
            }
    if (column < 0)
        throw IoError(path + ": no 'formula' column in the header (CrabNet's CSVs are 'formula,target')");
    std::vector<CsvFormula> rows;
    int64_t line = 1;
    while (pos < text.size()) {
        ++line;
        const std::vector<std::string> fields = csvRecord(text, pos);
        if (fields.size() == 1 && fields[0].empty())
            continue; // blank line (pandas skips it)
        if (size_t(column) >= fields.size())
            throw IoError(path + ": line " + std::to_string(line) + " has no formula column");
        std::string formula = fields[size_t(column)];
        if (cifId)
            formula = formula.substr(0, formula.find("_ICSD"));
        rows.push_back({formula, line});
    }
    return rows;
}

CrabNetSample makeSample(const CsvFormula& row, const std::vector<ElementAmount>& order, int nEl)
{
    CrabNetSample s;
    s.formula = row.formula;
    s.csvLine = row.line;
    s.symbols.assign(size_t(nEl), "--");
    s.fractions.assign(size_t(nEl), 0.0f);
    s.present.assign(size_t(nEl), 0);
    // get_edm: slot j holds the j-th element (unknown symbols leave their slot empty), truncated to n_el, then
    // fractions = amount / sum of the kept amounts, in float32 as numpy computes them
    float total = 0;
    const size_t kept = std::min(order.size(), size_t(nEl));
    s.truncated = int(order.size() - kept);
    std::vector<float> amounts(size_t(nEl), 0.0f);
    for (size_t j = 0; j < kept; ++j)
        if (knownSymbol(order[j].symbol)) {
            s.symbols[j] = order[j].symbol;
            amounts[j] = static_cast<float>(order[j].amount);
            total += amounts[j];
        }
    for (size_t j = 0; j < size_t(nEl); ++j) {
        s.fractions[j] = total != 0 ? amounts[j] / total : 0.0f;
        s.present[j] = s.fractions[j] > 0 ? 1 : 0;
    }
    return s;
}

} // namespace

struct CrabNetRecording::Impl {
    ZarrArray array;
    std::string csvPath;
    std::vector<CrabNetSample> samples;
    int64_t epochs = 0;
    int heads = 0, nEl = 0, layer = 0;
    RowOrder order = RowOrder::EpochMajor;

    /// IoError naming the first chunk of rows [r0, r1) that is not stored.
    void requireChunks(int64_t r0, int64_t r1, const std::string& what) const
    {
        const std::vector<int64_t>& c = array.info().chunks;
        for (int64_t r = (r0 / c[0]) * c[0]; r < r1; r += c[0])
            for (int64_t h = 0; h < heads; h += c[2])
                for (int64_t i = 0; i < nEl; i += c[3])
                    for (int64_t j = 0; j < nEl; j += c[4])
                        if (!array.hasChunkAt({std::max(r, r0), 0, h, i, j}))
                            throw IoError(array.store().path() + ": chunk '" +
                                          array.chunkKey({std::max(r, r0) / c[0], 0, h / c[2], i / c[3], j / c[4]}) +
                                          "' is missing: " + what +
                                          " was never recorded (a complete CrabNet recording stores every chunk)");
    }

    void mask(float* values, const CrabNetSample& s) const
    {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (int h = 0; h < heads; ++h)
            for (int i = 0; i < nEl; ++i)
                for (int j = 0; j < nEl; ++j)
                    if (!s.present[size_t(i)] || !s.present[size_t(j)])
                        values[(int64_t(h) * nEl + i) * nEl + j] = nan;
    }
};

CrabNetRecording CrabNetRecording::open(const std::string& storePath, const std::string& csvPath,
                                        const CrabNetOptions& options)
{
    if (options.layer < 0)
        throw ArgumentError("attention: the layer must be >= 0, not " + std::to_string(options.layer));
    auto impl = std::make_shared<Impl>();
    const ZarrStore store = ZarrStore::open(storePath);
    const std::string path = store.contains(".zarray") ? std::string() : "layer" + std::to_string(options.layer);
    impl->array = ZarrArray::open(store, path);
    impl->layer = options.layer;
    impl->csvPath = csvPath;
    const std::vector<int64_t>& shape = impl->array.shape();
    const std::string name = impl->array.describe();
    if (shape.size() != 5 || shape[1] != 1 || shape[3] != shape[4] || shape[2] < 1 || shape[3] < 1 ||
        shape[2] > 4096 || shape[3] > 4096)
        throw IoError(name + ": shape " + shapeToString(Shape(shape.begin(), shape.end())) +
                      " is not a CrabNet attention array (rows, 1, heads, n_el, n_el)");
    impl->heads = int(shape[2]);
    impl->nEl = int(shape[3]);
    impl->order = options.order.value_or(store.isZip() ? RowOrder::SampleMajor : RowOrder::EpochMajor);

    for (const CsvFormula& row : readFormulae(csvPath)) {
        std::vector<ElementAmount> order;
        try {
            order = crabNetElementOrder(row.formula);
        } catch (const ArgumentError& e) {
            throw IoError(csvPath + ": line " + std::to_string(row.line) + ": " + e.what());
        }
        if (options.dropUnary && order.size() == 1)
            continue; // get_edm: df = df[df['count'] != 1]
        impl->samples.push_back(makeSample(row, order, impl->nEl));
    }
    const int64_t n = int64_t(impl->samples.size());
    if (n == 0)
        throw IoError(csvPath + ": no samples (no formula with more than one element)");
    if (shape[0] % n != 0)
        throw IoError(name + ": " + std::to_string(shape[0]) + " rows are not a multiple of the " +
                      std::to_string(n) + " samples of " + csvPath +
                      (options.dropUnary ? " (pure elements dropped as CrabNet does)" : "") +
                      "; is it the CSV the recording was made with?");
    impl->epochs = shape[0] / n;
    if (impl->epochs == 0)
        throw IoError(name + ": the array has no rows");
    CrabNetRecording r;
    r.m_impl = std::move(impl);
    return r;
}

int64_t CrabNetRecording::samples() const
{
    return int64_t(m_impl->samples.size());
}
int64_t CrabNetRecording::epochs() const
{
    return m_impl->epochs;
}
int CrabNetRecording::heads() const
{
    return m_impl->heads;
}
int CrabNetRecording::elements() const
{
    return m_impl->nEl;
}
int CrabNetRecording::layer() const
{
    return m_impl->layer;
}
RowOrder CrabNetRecording::order() const
{
    return m_impl->order;
}
const ZarrArray& CrabNetRecording::array() const
{
    return m_impl->array;
}

const CrabNetSample& CrabNetRecording::sample(int64_t index) const
{
    if (index < 0 || index >= samples())
        throw ArgumentError(m_impl->array.describe() + ": sample " + std::to_string(index) + " is out of range (" +
                            std::to_string(samples()) + " samples)");
    return m_impl->samples[size_t(index)];
}

int64_t CrabNetRecording::row(int64_t sampleIndex, int64_t epoch) const
{
    sample(sampleIndex);
    if (epoch < 0 || epoch >= epochs())
        throw ArgumentError(m_impl->array.describe() + ": epoch " + std::to_string(epoch) + " is out of range (" +
                            std::to_string(epochs()) + " epochs)");
    return m_impl->order == RowOrder::EpochMajor ? epoch * samples() + sampleIndex
                                                 : sampleIndex * epochs() + epoch;
}

AttentionFrame CrabNetRecording::frame(int64_t sampleIndex, int64_t epoch) const
{
    const Impl& d = *m_impl;
    AttentionFrame f;
    f.sample = sampleIndex;
    f.epoch = epoch;
    f.row = row(sampleIndex, epoch);
    f.layer = d.layer;
    f.composition = d.samples[size_t(sampleIndex)];
    d.requireChunks(f.row, f.row + 1,
                    "sample " + std::to_string(sampleIndex) + ", epoch " + std::to_string(epoch) + " (row " +
                        std::to_string(f.row) + ")");
    f.values = d.array.readTensor({f.row, 0, 0, 0, 0}, {1, 1, d.heads, d.nEl, d.nEl}).reshaped({d.heads, d.nEl, d.nEl});
    d.mask(f.values.data(), f.composition);
    return f;
}

Tensor CrabNetRecording::series(int64_t sampleIndex) const
{
    const Impl& d = *m_impl;
    const CrabNetSample& s = sample(sampleIndex);
    const int64_t frameSize = int64_t(d.heads) * d.nEl * d.nEl;
    Tensor out({d.epochs, d.heads, d.nEl, d.nEl});
    if (d.order == RowOrder::SampleMajor) {
        const int64_t r0 = row(sampleIndex, 0);
        d.requireChunks(r0, r0 + d.epochs, "sample " + std::to_string(sampleIndex) + " (rows " + std::to_string(r0) +
                                               ".." + std::to_string(r0 + d.epochs - 1) + ")");
        const std::vector<float> v = d.array.read({r0, 0, 0, 0, 0}, {d.epochs, 1, d.heads, d.nEl, d.nEl});
        std::copy(v.begin(), v.end(), out.data());
    } else {
        for (int64_t e = 0; e < d.epochs; ++e) {
            const int64_t r = row(sampleIndex, e);
            d.requireChunks(r, r + 1, "sample " + std::to_string(sampleIndex) + ", epoch " + std::to_string(e) +
                                          " (row " + std::to_string(r) + ")");
            const std::vector<float> v = d.array.read({r, 0, 0, 0, 0}, {1, 1, d.heads, d.nEl, d.nEl});
            std::copy(v.begin(), v.end(), out.data() + e * frameSize);
        }
    }
    for (int64_t e = 0; e < d.epochs; ++e)
        d.mask(out.data() + e * frameSize, s);
    return out;
}

} // namespace lantern::snapshots
