#pragma once
// Optimizers update trainable parameters from their accumulated gradients (Parameter::grad) and mark
// them modified. Regularization is set per layer: a node-name prefix and L1/L2 factors; it adds
// l1 * |w| + l2 * w^2 (the Keras convention) for every trainable parameter of matching nodes.

#include "lantern/graph.h"

#include <string>
#include <utility>
#include <vector>

namespace lantern {

class Optimizer {
public:
    explicit Optimizer(Graph& graph);
    virtual ~Optimizer() = default;

    /// Adds L1/L2 penalties to the parameters of nodes whose name starts with `nodePrefix` ("" = all).
    /// Bias parameters are included only when `includeBias` is true.
    void setRegularization(const std::string& nodePrefix, double l1, double l2, bool includeBias = false);
    /// The current value of all regularization terms.
    double regularizationLoss() const;
    /// Adds the regularization gradients, updates every trainable parameter and marks it modified.
    void step();
    double learningRate() const { return m_lr; }
    void setLearningRate(double lr) { m_lr = lr; }

protected:
    virtual void update(size_t index, Parameter& p) = 0;
    double m_lr = 1e-3;
    std::vector<std::pair<std::string, Parameter*>> m_params; ///< trainable only

private:
    struct Penalty {
        double l1 = 0, l2 = 0;
    };
    std::vector<Penalty> m_penalties; ///< per parameter
};

/// SGD with optional momentum and Nesterov momentum (PyTorch formulation).
class Sgd : public Optimizer {
public:
    Sgd(Graph& graph, double lr, double momentum = 0.0, bool nesterov = false);

protected:
    void update(size_t index, Parameter& p) override;

private:
    double m_momentum;
    bool m_nesterov;
    std::vector<Tensor> m_velocity;
};

/// Adam (Kingma & Ba) with bias correction (PyTorch formulation).
class Adam : public Optimizer {
public:
    Adam(Graph& graph, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);

protected:
    void update(size_t index, Parameter& p) override;

private:
    double m_beta1, m_beta2, m_eps;
    std::vector<Tensor> m_m, m_v;
    std::vector<int64_t> m_t;
};

} // namespace lantern
