#include "workspaces/attention/attention_data.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/snapshots/zarr.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>
#include <limits>
#include <set>

namespace lantern::gui::attention {

namespace {

std::string local(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

/// The store holding `path`: the path itself, or the enclosing store directory when `path` is an array inside it
/// (attn_data_layer0.zarr/layer0).
QString storeOf(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir() && QFileInfo::exists(path + QStringLiteral("/.zarray"))) {
        const QString parent = info.absoluteDir().absolutePath();
        if (QFileInfo::exists(parent + QStringLiteral("/.zgroup")))
            return parent;
    }
    return info.absoluteFilePath();
}

int layerNumberIn(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("layer(\\d+)"));
    const auto m = re.match(name);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

const QRegularExpression& siblingPattern()
{
    static const QRegularExpression re(QStringLiteral("^attn_data_layer(\\d+)\\.(zip|zarr)$"));
    return re;
}

/// Layer numbers and the arrays of `path` (a store with layer{L} arrays, or one array).
std::vector<int> layersIn(const QString& path)
{
    const snapshots::ZarrStore store = snapshots::ZarrStore::open(local(path));
    if (store.contains(".zarray")) {
        int layer = layerNumberIn(QFileInfo(path).fileName());
        if (layer < 0)
            layer = std::max(0, layerNumberIn(QFileInfo(storeOf(path)).fileName()));
        return {layer};
    }
    static const QRegularExpression re(QStringLiteral("^layer(\\d+)$"));
    std::set<int> layers;
    for (const std::string& a : store.arrays()) {
        const auto m = re.match(QString::fromStdString(a));
        if (m.hasMatch())
            layers.insert(m.captured(1).toInt());
    }
    return {layers.begin(), layers.end()};
}

bool sameShape(const snapshots::CrabNetRecording& a, const snapshots::CrabNetRecording& b)
{
    return a.samples() == b.samples() && a.epochs() == b.epochs() && a.heads() == b.heads() && a.elements() == b.elements();
}

QStringList csvFields(const QString& line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

/// The CSV's target column by 1-based line (header = line 1); empty when there is none.
std::map<int64_t, double> csvTargetsByLine(const QString& csv)
{
    std::map<int64_t, double> out;
    QFile f(csv);
    if (!f.open(QIODevice::ReadOnly) || f.size() > (qint64(1) << 30))
        return out;
    const QList<QByteArray> lines = f.readAll().split('\n');
    if (lines.isEmpty())
        return out;
    QString header = QString::fromUtf8(lines[0]).trimmed();
    if (header.startsWith(QChar(0xFEFF)))
        header.remove(0, 1);
    const int column = csvFields(header).indexOf(QStringLiteral("target"));
    if (column < 0)
        return out;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = csvFields(QString::fromUtf8(lines[i]).trimmed());
        bool ok = false;
        const double v = fields.value(column).trimmed().toDouble(&ok);
        if (ok)
            out[int64_t(i) + 1] = v;
    }
    return out;
}

Tensor arrayOf(const std::map<std::string, Tensor>& arrays, const std::string& name, const QString& path)
{
    if (auto it = arrays.find(name); it != arrays.end())
        return it->second;
    if (arrays.size() == 1)
        return arrays.begin()->second;
    throw IoError(local(path) + ": no array '" + name + "'");
}

} // namespace

int OpenedStore::indexOfLayer(int layer) const
{
    for (size_t i = 0; i < layers.size(); ++i)
        if (layers[i].layer == layer)
            return int(i);
    return -1;
}

double OpenedStore::target(int64_t sample) const
{
    if (predictions && !predictions->targets.empty() && std::isfinite(predictions->targets[size_t(sample)]))
        return predictions->targets[size_t(sample)];
    return size_t(sample) < csvTargets.size() ? csvTargets[size_t(sample)] : std::numeric_limits<double>::quiet_NaN();
}

Predictions readPredictions(const QString& predPath, int64_t samples, int64_t epochs)
{
    Predictions p;
    p.path = predPath;
    p.samples = samples;
    p.epochs = epochs;
    const Tensor pred = arrayOf(io::readNpz(local(predPath)), "pred_data", predPath);
    if (pred.rank() != 2 || pred.dim(0) != samples || pred.dim(1) != epochs)
        throw IoError(local(predPath) + ": pred_data has shape " + shapeToString(pred.shape()) + ", the recording has " +
                      std::to_string(samples) + " samples × " + std::to_string(epochs) + " epochs");
    bool firstEmpty = epochs > 1;
    for (int64_t s = 0; s < samples && firstEmpty; ++s)
        firstEmpty = std::isnan(pred[s * epochs]);
    p.shifted = firstEmpty;
    p.values.assign(size_t(samples * epochs), std::numeric_limits<float>::quiet_NaN());
    for (int64_t s = 0; s < samples; ++s)
        for (int64_t e = 0; e < epochs; ++e) {
            const int64_t from = p.shifted ? e + 1 : e;
            if (from < epochs)
                p.values[size_t(s * epochs + e)] = pred[s * epochs + from];
        }
    const QString actPath = QFileInfo(predPath).absoluteDir().filePath(QStringLiteral("act_data.npz"));
    if (QFileInfo::exists(actPath)) {
        const Tensor act = arrayOf(io::readNpz(local(actPath)), "act_data", actPath);
        if (act.rank() == 2 && act.dim(0) == samples && act.dim(1) == epochs) {
            p.targets.assign(size_t(samples), std::numeric_limits<float>::quiet_NaN());
            for (int64_t s = 0; s < samples; ++s)
                for (int64_t e = epochs - 1; e >= 0; --e) // CrabNet's plots take the last column
                    if (std::isfinite(act[s * epochs + e])) {
                        p.targets[size_t(s)] = act[s * epochs + e];
                        break;
                    }
        }
    }
    return p;
}

OpenedStore openStore(const QString& store, const QString& csv)
{
    OpenedStore out;
    out.store = QFileInfo(store).absoluteFilePath();
    out.csv = QFileInfo(csv).absoluteFilePath();
    std::vector<int> layers = layersIn(store);
    if (layers.empty()) // the engine names what the store holds instead
        layers = {0};
    for (int layer : layers) {
        snapshots::CrabNetOptions options;
        options.layer = layer;
        out.layers.push_back({layer, out.store, snapshots::CrabNetRecording::open(local(store), local(csv), options)});
        if (!sameShape(out.layers.front().recording, out.layers.back().recording)) {
            out.notes << QCoreApplication::translate("AttentionWorkspace", "layer %1 skipped: its size differs from layer %2").arg(layer).arg(out.layers.front().layer);
            out.layers.pop_back();
        }
    }

    // CrabNet writes one store per layer (attn_data_layer0.zip, attn_data_layer1.zip, ...): gather the siblings
    const QString base = storeOf(store);
    const QFileInfo baseInfo(base);
    const auto own = siblingPattern().match(baseInfo.fileName());
    if (own.hasMatch()) {
        std::map<int, QString> siblings;
        const QStringList entries = baseInfo.absoluteDir().entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString& name : entries) {
            const auto m = siblingPattern().match(name);
            if (!m.hasMatch() || name == baseInfo.fileName())
                continue;
            const int layer = m.captured(1).toInt();
            // both kinds beside each other: prefer the opened store's kind
            if (!siblings.count(layer) || m.captured(2) == own.captured(2))
                siblings[layer] = baseInfo.absoluteDir().filePath(name);
        }
        for (const auto& [layer, path] : siblings) {
            if (out.indexOfLayer(layer) >= 0)
                continue;
            try {
                snapshots::CrabNetOptions options;
                options.layer = layer;
                LayerRecording r{layer, path, snapshots::CrabNetRecording::open(local(path), local(csv), options)};
                if (!sameShape(out.first(), r.recording))
                    out.notes << QCoreApplication::translate("AttentionWorkspace", "%1 skipped: its size differs from %2").arg(QFileInfo(path).fileName(), baseInfo.fileName());
                else
                    out.layers.push_back(std::move(r));
            } catch (const std::exception& e) {
                out.notes << QCoreApplication::translate("AttentionWorkspace", "%1 skipped: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(e.what()));
            }
        }
        std::sort(out.layers.begin(), out.layers.end(), [](const LayerRecording& a, const LayerRecording& b) { return a.layer < b.layer; });
    }

    const std::map<int64_t, double> byLine = csvTargetsByLine(csv);
    out.csvTargets.assign(size_t(out.samples()), std::numeric_limits<double>::quiet_NaN());
    for (int64_t s = 0; s < out.samples(); ++s)
        if (auto it = byLine.find(out.first().sample(s).csvLine); it != byLine.end())
            out.csvTargets[size_t(s)] = it->second;

    // get_training_attention.py saves the per-epoch predictions of these samples beside the stores
    const QString pred = baseInfo.absoluteDir().filePath(QStringLiteral("pred_data.npz"));
    if (QFileInfo::exists(pred)) {
        try {
            out.predictions = readPredictions(pred, out.samples(), out.epochs());
            out.predictions->property = baseInfo.absoluteDir().dirName();
        } catch (const std::exception& e) {
            out.notes << QCoreApplication::translate("AttentionWorkspace", "pred_data.npz not used: %1").arg(QString::fromStdString(e.what()));
        }
    }
    return out;
}

SampleSeries readSeries(const OpenedStore& store, int64_t sample, const std::atomic<bool>* cancel)
{
    SampleSeries s;
    s.sample = sample;
    for (const LayerRecording& l : store.layers) {
        if (cancel && cancel->load())
            throw CancelledError();
        try {
            s.layers[l.layer] = l.recording.series(sample);
        } catch (const std::exception& e) {
            s.errors[l.layer] = QString::fromStdString(e.what());
        }
    }
    return s;
}

QStringList csvCandidates(const QString& store)
{
    QDir dir = QFileInfo(storeOf(store)).absoluteDir();
    for (int level = 0; level < 2; ++level) {
        QStringList found;
        for (const QString& name : dir.entryList({QStringLiteral("*.csv")}, QDir::Files | QDir::Readable, QDir::Name))
            found << dir.filePath(name);
        if (!found.isEmpty() || !dir.cdUp())
            return found;
    }
    return {};
}

bool looksLikeCrabNetStore(const QString& path)
{
    try {
        const QFileInfo info(path);
        if (!info.exists() || (info.isFile() && info.size() < 22))
            return false;
        if (info.isFile()) { // a zip archive: its first bytes
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly) || f.read(4) != QByteArray("PK\x03\x04", 4))
                return false;
        } else if (!QFileInfo::exists(path + QStringLiteral("/.zgroup")) && !QFileInfo::exists(path + QStringLiteral("/.zarray"))) {
            return false;
        }
        const snapshots::ZarrStore store = snapshots::ZarrStore::open(local(path));
        if (store.contains(".zarray")) {
            const snapshots::ZarrArray array = snapshots::ZarrArray::open(store, "");
            const std::vector<int64_t>& shape = array.shape();
            return shape.size() == 5 && shape[1] == 1 && shape[3] == shape[4];
        }
        return !layersIn(path).empty();
    } catch (...) {
        return false;
    }
}

} // namespace lantern::gui::attention
