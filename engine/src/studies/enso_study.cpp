// The El Niño study's network, training and maps (see lantern/studies/enso.h).
#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/models/presets.h"
#include "lantern/studies/enso.h"
#include "lantern/training/trainer.h"

#include <algorithm>
#include <cmath>

namespace lantern::studies {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// (N, cells) model inputs: the fields flattened in (lat, lon) order, masked cells 0.
Tensor modelInputs(const EnsoData& d, const std::vector<int64_t>& rows)
{
    const int64_t cells = int64_t(d.lat.size() * d.lon.size());
    Tensor x = Tensor::uninitialized({int64_t(rows.size()), cells});
    for (size_t r = 0; r < rows.size(); ++r) {
        const float* src = d.sst.data() + rows[r] * cells;
        float* dst = x.data() + int64_t(r) * cells;
        for (int64_t i = 0; i < cells; ++i)
            dst[i] = std::isnan(src[i]) ? 0.f : src[i];
    }
    return x;
}

std::vector<int64_t> range(int64_t begin, int64_t end)
{
    std::vector<int64_t> r;
    for (int64_t i = begin; i < end; ++i)
        r.push_back(i);
    return r;
}

} // namespace

EnsoModel trainEnsoModel(const EnsoData& d, const EnsoTrainOptions& o,
                         const std::function<void(int, double, double)>& onEpoch, const std::atomic<bool>* cancel)
{
    const int64_t n = d.sst.dim(0), cells = int64_t(d.lat.size() * d.lon.size());
    const int64_t held = static_cast<int64_t>(std::floor(o.validationFraction * double(n)));
    if (held < 1 || held >= n)
        throw ArgumentError("enso study: validation fraction leaves no training or no validation months");
    std::string name = "mlp-";
    name += std::to_string(cells);
    for (int64_t h : o.hidden) {
        name += '-';
        name += std::to_string(h);
    }
    name += "-2";

    EnsoModel m;
    m.model.graph = models::buildPreset(name, o.seed);
    m.model.format = "preset";
    m.model.source = "preset:" + name;
    m.model.name = "enso-" + name;
    m.model.inputLayout = "NC";
    m.model.detectFinalSoftmax();
    m.model.metadata["lantern.class_names"] = "La Nina,El Nino";

    auto dataset = [&](const std::vector<int64_t>& rows) {
        Dataset s;
        s.inputs = modelInputs(d, rows);
        s.targets = Tensor::uninitialized({int64_t(rows.size())});
        for (size_t i = 0; i < rows.size(); ++i)
            s.targets[int64_t(i)] = float(d.labels[size_t(rows[i])]);
        return s;
    };
    const Dataset train = dataset(range(0, n - held)), validation = dataset(range(n - held, n));
    std::vector<float> weights;
    if (o.balancedClassWeights) {
        int64_t count[2] = {0, 0};
        for (float y : train.targets.values())
            ++count[y > 0.5f];
        for (int64_t c : count)
            weights.push_back(c ? float(double(train.size()) / (2.0 * double(c))) : 0.f);
    }
    SoftmaxCrossEntropy loss(weights);
    Sgd opt(m.model.graph, o.lr);
    for (size_t i = 0; i <= o.hidden.size(); ++i)
    {
        std::string node = "fc";
        node += std::to_string(i + 1);
        node += '.';
        opt.setRegularization(node, 0.0, i == 0 ? o.l2First : o.l2Others);
    }
    Trainer trainer(m.model.graph, loss, opt, TrainConfig{o.epochs, o.batchSize, o.seed, true});
    trainer.cancel = cancel;
    trainer.onEpochEnd = [&](const EpochEvent& e) {
        if (onEpoch)
            onEpoch(e.epoch, e.train.loss, e.validation ? e.validation->accuracy : e.train.accuracy);
        return true;
    };
    trainer.fit(train, &validation);
    m.trainAccuracy = Trainer::evaluate(m.model.graph, train, &loss).accuracy;
    m.validationAccuracy = Trainer::evaluate(m.model.graph, validation, &loss).accuracy;
    m.trainSamples = train.size();
    m.validationSamples = validation.size();
    return m;
}

EnsoMaps ensoMaps(EnsoModel& em, const EnsoData& d, const EnsoMapOptions& o)
{
    const int64_t n = d.sst.dim(0), cells = int64_t(d.lat.size() * d.lon.size());
    Model& model = em.model;
    EnsoMaps maps;

    // predictions of every month
    const Tensor all = modelInputs(d, range(0, n));
    const Tensor logits = model.graph.forward({{model.graph.inputNames().front(), all}}).value(model.logits);
    std::vector<int64_t> correctNino;
    for (int64_t i = 0; i < n; ++i)
        if (d.labels[size_t(i)] == 1 && logits[i * 2 + 1] > logits[i * 2])
            correctNino.push_back(i);
    if (correctNino.empty())
        throw Error("enso study: the network classifies no El Nino month correctly; nothing to composite");

    // deep-Taylor composite: each map divided by its maximum, then averaged (as the notebook does)
    explain::ExplainRequest dt;
    dt.method = "deep-taylor";
    dt.target = explain::Target::index(1);
    maps.composite.assign(size_t(cells), 0.f);
    const int64_t batch = 128;
    for (size_t b = 0; b < correctNino.size(); b += batch) {
        const std::vector<int64_t> rows(correctNino.begin() + std::ptrdiff_t(b),
                                        correctNino.begin() + std::ptrdiff_t(std::min(correctNino.size(), b + batch)));
        const explain::Explanation e = explain::explain(model, modelInputs(d, rows), dt);
        for (size_t r = 0; r < rows.size(); ++r) {
            const float* map = e.map.data() + int64_t(r) * cells;
            const float top = *std::max_element(map, map + cells);
            if (!(top > 0))
                continue;
            for (int64_t i = 0; i < cells; ++i)
                maps.composite[size_t(i)] += map[i] / top;
            ++maps.compositeSamples;
        }
    }
    for (float& v : maps.composite)
        v /= float(std::max<int64_t>(1, maps.compositeSamples));

    // one month in detail: the strongest correctly classified El Niño
    maps.sample = *std::max_element(correctNino.begin(), correctNino.end(), [&](int64_t a, int64_t b) {
        return d.nino34[size_t(a)] < d.nino34[size_t(b)];
    });
    const Tensor one = modelInputs(d, {maps.sample});
    const explain::Explanation rel = explain::explain(model, one, dt);
    maps.sampleRelevance.assign(rel.map.values().begin(), rel.map.values().end());
    explain::ExplainRequest grad;
    grad.method = "gradient";
    grad.target = explain::Target::index(1);
    const explain::Explanation sal = explain::explain(model, one, grad);
    maps.sampleSaliency.assign(sal.map.values().begin(), sal.map.values().end());

    // optimal input: minimise the cross-entropy of El Niño from a zero field by fixed gradient steps
    explain::ExplainRequest oi;
    oi.method = "optimal-input";
    oi.target = explain::Target::index(1);
    oi.params = {{"objective", "cross-entropy"}, {"start", "zeros"},  {"optimizer", "gd"},
                 {"lr", std::to_string(o.stepSize)}, {"iterations", std::to_string(o.iterations)},
                 {"low", "none"},            {"high", "none"},  {"l2", "0"},
                 {"tv", "0"},                {"jitter", "0"},   {"blur_every", "0"}};
    const explain::Explanation opt = explain::explain(model, Tensor({1, cells}), oi);
    maps.optimalInput.assign(opt.map.values().begin(), opt.map.values().end());
    for (int64_t i = 0; i < cells; ++i)
        if (!d.ocean[size_t(i)])
            maps.optimalInput[size_t(i)] = NAN; // land inputs are always 0 in training: nothing to say there
    maps.optimalInputProbability = opt.extra.at("probability")[0];
    return maps;
}

Centroid relevanceCentroid(const std::vector<float>& map, const std::vector<double>& lat, const std::vector<double>& lon)
{
    double w = 0, la = 0, cx = 0, cy = 0;
    const size_t nlon = lon.size();
    for (size_t i = 0; i < map.size(); ++i) {
        const double v = map[i];
        if (!(v > 0))
            continue;
        const double a = lat[i / nlon], o = lon[i % nlon] * kPi / 180.0;
        w += v;
        la += v * a;
        cx += v * std::cos(o);
        cy += v * std::sin(o);
    }
    Centroid c;
    if (w <= 0)
        return {NAN, NAN};
    c.lat = la / w;
    c.lon = std::atan2(cy, cx) * 180.0 / kPi;
    if (c.lon < 0)
        c.lon += 360.0;
    return c;
}

double distanceToNino34(double lat, double lon)
{
    // nearest point of the box, then the great-circle distance to it
    const double bl = std::clamp(lat, -5.0, 5.0);
    double d = std::fmod(lon - 190.0 + 720.0, 360.0); // degrees east of the box's western edge
    double bo = lon;
    if (d > 50.0)
        bo = (d - 50.0 < 360.0 - d) ? 240.0 : 190.0;
    const double p1 = lat * kPi / 180, p2 = bl * kPi / 180, dl = (lon - bo) * kPi / 180;
    const double c = std::sin(p1) * std::sin(p2) + std::cos(p1) * std::cos(p2) * std::cos(dl);
    return std::acos(std::clamp(c, -1.0, 1.0)) * 180.0 / kPi;
}

double nino34Mean(const std::vector<float>& map, const std::vector<double>& lat, const std::vector<double>& lon)
{
    double s = 0;
    int64_t k = 0;
    const size_t nlon = lon.size();
    for (size_t i = 0; i < map.size(); ++i) {
        const double a = lat[i / nlon], o = lon[i % nlon];
        if (std::abs(a) <= 5 && o >= 190 && o <= 240 && !std::isnan(map[i])) {
            s += map[i];
            ++k;
        }
    }
    return k ? s / double(k) : NAN;
}

} // namespace lantern::studies
