#include "lantern/studies/crystal_analysis.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/materials/fingerprint.h"

#include <chrono>
#include <cmath>

namespace lantern::studies {

namespace {

double msSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

void checkCancel(const std::atomic<bool>* cancel)
{
    if (cancel && cancel->load())
        throw CancelledError();
}

} // namespace

std::vector<std::string> convLayers(const Model& model)
{
    std::vector<std::string> names;
    for (const Node& node : model.graph.nodes())
        if (node.op->type() == "Conv2D")
            names.push_back(node.name);
    return names;
}

CrystalAnalysis analyseCrystal(Model* model, const materials::Structure& structure, const CrystalAnalysisOptions& o,
                               const std::atomic<bool>* cancel)
{
    CrystalAnalysis a;
    auto t = std::chrono::steady_clock::now();
    a.structure = materials::withDefects(materials::fingerprintCluster(structure, o.atoms), o.defects);
    if (a.structure.size() == 0)
        throw ArgumentError("'" + structure.name + "': no atoms left (vacancies remove them all)");
    a.fingerprint = materials::diffractionFingerprint(a.structure);
    a.fingerprintMs = msSince(t);
    checkCancel(cancel);
    if (model) {
        const Shape& in = model->graph.inputShape(model->graph.inputNames().front());
        if (in.size() != 4 || in[1] != 3 || in[2] != a.fingerprint.dim(1) || in[3] != a.fingerprint.dim(2))
            throw ArgumentError("model '" + model->name + "' does not take (3, 64, 64) diffraction fingerprints (its input is " +
                                shapeToString(in) + ")");
        const Tensor input = a.fingerprint.reshaped({1, 3, a.fingerprint.dim(1), a.fingerprint.dim(2)});
        t = std::chrono::steady_clock::now();
        if (o.responses) {
            explain::ExplainRequest request;
            request.method = "attentive-response";
            std::string layers;
            for (const std::string& l : o.responseLayers)
                layers += (layers.empty() ? "" : ",") + l;
            request.params = {{"style", "ai4materials"}, {"n", std::to_string(o.topFilters)}, {"layers", layers.empty() ? "all" : layers}};
            request.cancel = cancel;
            const explain::Explanation e = explain::explain(*model, input, request);
            a.responseMs = msSince(t);
            for (const auto& [key, value] : e.extra) {
                const auto slash = key.rfind("/filters");
                if (slash == std::string::npos || slash + 8 != key.size())
                    continue;
                LayerResponse r;
                r.layer = key.substr(0, slash);
                const Tensor& index = e.extra.at(r.layer + "/filter_index");
                const int64_t count = index.size();
                const int64_t plane = a.fingerprint.size();
                for (int64_t k = 0; k < count; ++k) {
                    r.filters.push_back(int(std::lround(index[k])));
                    r.maps.push_back(Tensor::fromData(a.fingerprint.shape(),
                                                      std::vector<float>(value.data() + k * plane, value.data() + (k + 1) * plane)));
                }
                r.sum = e.extra.at(r.layer + "/sum").reshaped(a.fingerprint.shape()).clone();
                r.dominant = e.extra.at(r.layer + "/dominant").reshaped(a.fingerprint.shape()).clone();
                a.layers.push_back(std::move(r));
            }
            // layers in graph order
            std::vector<LayerResponse> ordered;
            for (const Node& node : model->graph.nodes())
                for (auto& l : a.layers)
                    if (l.layer == node.name)
                        ordered.push_back(std::move(l));
            a.layers = std::move(ordered);
            Tensor logits = e.logits;
            a.probabilities.assign(logits.data(), logits.data() + logits.size());
        } else {
            const Tensor logits = model->graph.run(input);
            a.probabilities.assign(logits.data(), logits.data() + logits.size());
            a.predictionMs = msSince(t);
        }
        // softmax of the logits
        float top = a.probabilities.empty() ? 0.f : a.probabilities.front();
        for (float v : a.probabilities)
            top = std::max(top, v);
        double sum = 0;
        for (float& v : a.probabilities) {
            v = std::exp(v - top);
            sum += v;
        }
        for (float& v : a.probabilities)
            v = float(v / sum);
        a.predicted = int(std::max_element(a.probabilities.begin(), a.probabilities.end()) - a.probabilities.begin());
    }
    checkCancel(cancel);
    if (a.structure.periodic) {
        t = std::chrono::steady_clock::now();
        a.spaceGroup = materials::spaceGroup(a.structure, o.symprec);
        a.symmetryMs = msSince(t);
    }
    return a;
}

} // namespace lantern::studies
