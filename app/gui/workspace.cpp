#include "workspace.h"

#include "lantern/explain/explainer.h"

#include "common/explanation_views.h"

#include "lantern/data/input_fit.h"
#include "lantern/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace lantern::gui {

namespace {

QStringList readClassNames(const QString& file)
{
    QFile f(file);
    QStringList names;
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return names;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        if (!line.isEmpty())
            names << line;
    }
    return names;
}

QStringList classNamesFor(const Model& model, const QString& path)
{
    const auto it = model.metadata.find("lantern.class_names");
    if (it != model.metadata.end())
        return QString::fromStdString(it->second).split(QLatin1Char(','));
    const QFileInfo info(path);
    for (const QString& candidate : {info.dir().filePath(info.completeBaseName() + QStringLiteral(".classes.txt")),
                                     info.dir().filePath(QStringLiteral("class_names.txt"))})
        if (QFileInfo::exists(candidate))
            return readClassNames(candidate);
    return {};
}

} // namespace

Tensor SampleSet::sample(int64_t i) const
{
    Shape s = data.shape();
    s[0] = 1;
    return data.slice(i, i + 1).reshaped(s);
}

std::pair<std::shared_ptr<Model>, ModelInfo> loadModelWithInfo(const std::string& path, const std::string& weights)
{
    LoadOptions lo;
    lo.weightsPath = weights;
    auto model = std::make_shared<Model>(loadModel(path, lo));
    ModelInfo info;
    info.path = QString::fromStdString(path);
    info.weightsPath = QString::fromStdString(weights);
    info.format = QString::fromStdString(model->format);
    info.name = QString::fromStdString(model->name);
    info.layout = model->inputLayout;
    const std::string input = model->graph.inputNames().front();
    info.inputShape = model->graph.inputShape(input);
    Shape concrete = info.inputShape;
    for (auto& d : concrete)
        if (d < 0)
            d = 1;
    const auto shapes = model->graph.inferShapes({{input, concrete}});
    for (const Node& node : model->graph.nodes()) {
        const std::string& value = node.outputs.front();
        const auto it = shapes.find(value);
        widgets::LayerInfo l;
        l.name = QString::fromStdString(node.name);
        l.op = QString::fromStdString(node.op->type());
        if (it != shapes.end()) {
            Shape s = it->second;
            s[0] = -1;
            l.shape = QString::fromStdString(data::modelShapeToString(s));
            l.spatial = s.size() == 4;
            if (s.size() == 4 && node.op->type() == "Conv2D")
                info.convLayers.push_back(node.name);
        }
        info.layers.push_back(l);
        // a conv row shows what attentive response ranks: the activation after its BatchNorm and activation
        info.layerValues.push_back(node.op->type() == "Conv2D" ? explain::responseValue(model->graph, node.name)
                                                               : value);
    }
    const auto logitShape = shapes.find(model->logits.empty() ? model->graph.outputNames().front() : model->logits);
    if (logitShape != shapes.end() && logitShape->second.size() == 2)
        info.classCount = logitShape->second[1];
    info.classNames = classNamesFor(*model, info.path);
    return {model, info};
}

SampleSet loadSampleSet(const std::vector<std::string>& specs, const std::string& labelsSpec, const ModelInfo& info,
                        const app::SampleOptions& options)
{
    SampleSet set;
    std::vector<Tensor> parts;
    bool anyLabels = false;
    std::vector<std::vector<int64_t>> labelParts;
    for (const auto& spec : specs) {
        app::Samples s = app::loadSamples(spec, info.inputShape, info.layout, options);
        if (!parts.empty() && Shape(s.data.shape().begin() + 1, s.data.shape().end()) !=
                                  Shape(parts.front().shape().begin() + 1, parts.front().shape().end()))
            throw ShapeError(spec + ": samples have shape " + shapeToString(s.data.shape()) + ", unlike the others");
        std::vector<int64_t> labels;
        const std::string lspec = specs.size() == 1 && !labelsSpec.empty() ? labelsSpec : app::companionLabels(spec);
        if (!lspec.empty()) {
            labels = app::loadLabels(lspec);
            if (static_cast<int64_t>(labels.size()) < s.data.dim(0))
                throw IoError(lspec + ": " + std::to_string(labels.size()) + " labels for " +
                              std::to_string(s.data.dim(0)) + " samples in " + spec);
            labels.resize(static_cast<size_t>(s.data.dim(0)));
            anyLabels = true;
        } else {
            labels.assign(static_cast<size_t>(s.data.dim(0)), -1);
        }
        labelParts.push_back(labels);
        set.names.insert(set.names.end(), s.names.begin(), s.names.end());
        set.notes.insert(set.notes.end(), s.notes.begin(), s.notes.end());
        set.specs.push_back(spec);
        if (s.field && specs.size() == 1) {
            set.grid = geo::displayGrid(*s.field, 0.0);
            set.field = s.field;
        }
        parts.push_back(s.data);
    }
    if (parts.empty())
        return set;
    int64_t total = 0;
    for (const auto& p : parts)
        total += p.dim(0);
    Shape shape = parts.front().shape();
    shape[0] = total;
    set.data = Tensor(shape);
    int64_t offset = 0;
    for (const auto& p : parts) {
        std::copy_n(p.data(), p.size(), set.data.data() + offset);
        offset += p.size();
    }
    if (anyLabels)
        for (const auto& l : labelParts)
            set.labels.insert(set.labels.end(), l.begin(), l.end());
    return set;
}

Tensor computeValue(Model& model, const Tensor& input, const std::string& name, const std::atomic<bool>* cancel)
{
    struct Capture : Observer {
        std::string want;
        Tensor seen;
        bool wants(const std::string& v) const override { return v == want; }
        void onValue(const std::string&, const std::string& v, const Tensor& t) override
        {
            if (v == want)
                seen = t.clone();
        }
    } capture;
    capture.want = name;
    ForwardOptions fo;
    fo.observer = &capture;
    fo.cancel = cancel;
    model.graph.forward({{model.graph.inputNames().front(), input}}, fo);
    return capture.seen;
}

Tensor predictAll(Model& model, const Tensor& data, const std::atomic<bool>* cancel,
                  const std::function<void(double)>& progress)
{
    const int64_t n = data.dim(0);
    const std::string logits = model.logits.empty() ? model.graph.outputNames().front() : model.logits;
    Tensor out;
    for (int64_t b = 0; b < n; b += 64) {
        const int64_t e = std::min(n, b + 64);
        const Tensor l = computeValue(model, data.slice(b, e), logits, cancel);
        if (l.isEmpty())
            throw Error("the model computed no value '" + logits + "' (its class scores)");
        if (out.isEmpty())
            out = Tensor(Shape{n, l.dim(1)});
        std::copy_n(l.data(), l.size(), out.data() + b * l.dim(1));
        if (progress)
            progress(static_cast<double>(e) / static_cast<double>(n));
    }
    return out;
}

Workspace::Workspace(QObject* parent) : QObject(parent) {}

QStringList Workspace::classNames() const
{
    const QStringList& given = m_classOverride.isEmpty() ? m_info.classNames : m_classOverride;
    QStringList names;
    for (int64_t c = 0; c < m_info.classCount; ++c)
        names << (c < given.size() ? given[static_cast<int>(c)] : QString::number(c));
    return names;
}

QString Workspace::className(int64_t index) const
{
    const QStringList names = classNames();
    if (index < 0 || index >= names.size())
        return QString::number(index);
    return names[static_cast<int>(index)] == QString::number(index)
               ? names[static_cast<int>(index)]
               : QStringLiteral("%1 · %2").arg(index).arg(names[static_cast<int>(index)]);
}

void Workspace::setClassNames(const QStringList& names)
{
    m_classOverride = names;
    emit classNamesChanged();
}

void Workspace::setModel(std::shared_ptr<Model> model, ModelInfo info)
{
    m_model = std::move(model);
    m_info = std::move(info);
    m_logits = Tensor();
    m_predicted.clear();
    m_confidence.clear();
    emit modelChanged();
    emit classNamesChanged();
}

void Workspace::setSamples(SampleSet samples)
{
    m_samples = std::move(samples);
    m_logits = Tensor();
    m_predicted.clear();
    m_confidence.clear();
    emit samplesChanged();
}

void Workspace::setLogits(const Tensor& logits)
{
    m_logits = logits;
    m_predicted.clear();
    m_confidence.clear();
    if (!logits.isEmpty())
        for (int64_t i = 0; i < logits.dim(0); ++i) {
            const auto p = app::softmax(logits.data() + i * logits.dim(1), logits.dim(1));
            const auto best = std::max_element(p.begin(), p.end());
            m_predicted.push_back(static_cast<int>(best - p.begin()));
            m_confidence.push_back(*best);
        }
    emit predictionsChanged();
}

} // namespace lantern::gui
