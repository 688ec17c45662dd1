#include "lantern/training/optimizer.h"

#include "lantern/error.h"

#include <cmath>

namespace lantern {

Optimizer::Optimizer(Graph& graph)
{
    for (auto& [name, p] : graph.parameters())
        if (p->trainable)
            m_params.emplace_back(name, p);
    m_penalties.resize(m_params.size());
}

void Optimizer::setRegularization(const std::string& nodePrefix, double l1, double l2, bool includeBias)
{
    if (l1 < 0 || l2 < 0 || !std::isfinite(l1) || !std::isfinite(l2))
        throw ArgumentError("regularization factors must be finite and >= 0");
    bool matched = false;
    for (size_t i = 0; i < m_params.size(); ++i) {
        const std::string& name = m_params[i].first;
        const bool isBias = name.size() >= 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        if (name.rfind(nodePrefix, 0) == 0 && (includeBias || !isBias)) {
            m_penalties[i] = {l1, l2};
            matched = true;
        }
    }
    if (!matched)
        throw ArgumentError("regularization: no trainable parameter belongs to a node named '" + nodePrefix + "...'");
}

double Optimizer::regularizationLoss() const
{
    double loss = 0;
    for (size_t i = 0; i < m_params.size(); ++i) {
        const auto& pen = m_penalties[i];
        if (pen.l1 == 0 && pen.l2 == 0)
            continue;
        for (float w : m_params[i].second->value.values())
            loss += pen.l1 * std::fabs(w) + pen.l2 * double(w) * w;
    }
    return loss;
}

void Optimizer::step()
{
    for (size_t i = 0; i < m_params.size(); ++i) {
        Parameter& p = *m_params[i].second;
        Tensor& g = p.gradient();
        const auto& pen = m_penalties[i];
        if (pen.l1 != 0 || pen.l2 != 0) {
            const float* w = p.value.data();
            float* gd = g.data();
            for (int64_t k = 0; k < g.size(); ++k)
                gd[k] += static_cast<float>(pen.l1 * ((w[k] > 0) - (w[k] < 0)) + 2.0 * pen.l2 * w[k]);
        }
        update(i, p);
        p.markModified();
    }
}

Sgd::Sgd(Graph& graph, double lr, double momentum, bool nesterov)
    : Optimizer(graph), m_momentum(momentum), m_nesterov(nesterov)
{
    if (!(lr > 0) || momentum < 0 || (nesterov && momentum <= 0))
        throw ArgumentError("SGD needs lr > 0, momentum >= 0 (and > 0 for Nesterov)");
    m_lr = lr;
    m_velocity.resize(m_params.size());
}

void Sgd::update(size_t index, Parameter& p)
{
    float* w = p.value.data();
    const float* g = p.grad.data();
    const auto lr = static_cast<float>(m_lr);
    if (m_momentum == 0) {
        for (int64_t k = 0; k < p.value.size(); ++k)
            w[k] -= lr * g[k];
        return;
    }
    Tensor& v = m_velocity[index];
    const bool first = v.isEmpty();
    if (first)
        v = Tensor(p.value.shape());
    float* vd = v.data();
    const auto mu = static_cast<float>(m_momentum);
    for (int64_t k = 0; k < p.value.size(); ++k) {
        vd[k] = first ? g[k] : mu * vd[k] + g[k];
        const float step = m_nesterov ? g[k] + mu * vd[k] : vd[k];
        w[k] -= lr * step;
    }
}

Adam::Adam(Graph& graph, double lr, double beta1, double beta2, double eps)
    : Optimizer(graph), m_beta1(beta1), m_beta2(beta2), m_eps(eps)
{
    if (!(lr > 0) || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(eps > 0))
        throw ArgumentError("Adam needs lr > 0, 0 <= beta1, beta2 < 1 and eps > 0");
    m_lr = lr;
    m_m.resize(m_params.size());
    m_v.resize(m_params.size());
    m_t.assign(m_params.size(), 0);
}

void Adam::update(size_t index, Parameter& p)
{
    if (m_m[index].isEmpty()) {
        m_m[index] = Tensor(p.value.shape());
        m_v[index] = Tensor(p.value.shape());
    }
    const int64_t t = ++m_t[index];
    const double c1 = 1.0 - std::pow(m_beta1, double(t));
    const double c2 = 1.0 - std::pow(m_beta2, double(t));
    const auto b1 = static_cast<float>(m_beta1), b2 = static_cast<float>(m_beta2);
    const auto stepSize = static_cast<float>(m_lr / c1);
    const auto sqrtC2 = static_cast<float>(std::sqrt(c2));
    const auto eps = static_cast<float>(m_eps);
    float* w = p.value.data();
    const float* g = p.grad.data();
    float* m = m_m[index].data();
    float* v = m_v[index].data();
    for (int64_t k = 0; k < p.value.size(); ++k) {
        m[k] = b1 * m[k] + (1 - b1) * g[k];
        v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
        w[k] -= stepSize * m[k] / (std::sqrt(v[k]) / sqrtC2 + eps);
    }
}

} // namespace lantern
