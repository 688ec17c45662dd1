#pragma once
// The seam through which explanation methods change the backward pass.
//
// Graph::backward() walks the graph once in reverse topological order. For every node it asks the RuleSet
// for a BackwardRule; if there is none, the op's own backward() (the true gradient) runs. A rule gets the
// op and the same BackwardArgs an op gets and fills args.gradInputs. Deconvnet replaces the Relu rule,
// guided backprop too, LRP replaces the rules of linear ops, and so on, without any method walking the graph.

#include "lantern/op.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace lantern {

struct Node;

class BackwardRule {
public:
    virtual ~BackwardRule() = default;
    virtual std::string name() const = 0;
    virtual void apply(Op& op, const Node& node, BackwardArgs& args) const = 0;
};

/// A rule made from a lambda.
class LambdaRule : public BackwardRule {
public:
    using Fn = std::function<void(Op&, const Node&, BackwardArgs&)>;
    LambdaRule(std::string name, Fn fn) : m_name(std::move(name)), m_fn(std::move(fn)) {}
    std::string name() const override { return m_name; }
    void apply(Op& op, const Node& node, BackwardArgs& args) const override { m_fn(op, node, args); }

private:
    std::string m_name;
    Fn m_fn;
};

/// Chooses the rule for each node: a rule set for the node's name wins over one for its op type.
class RuleSet {
public:
    void setForType(const std::string& opType, std::shared_ptr<const BackwardRule> rule);
    void setForNode(const std::string& nodeName, std::shared_ptr<const BackwardRule> rule);
    /// nullptr when the op's own gradient applies.
    const BackwardRule* find(const std::string& nodeName, const std::string& opType) const;
    bool empty() const { return m_byType.empty() && m_byNode.empty(); }

private:
    std::map<std::string, std::shared_ptr<const BackwardRule>> m_byType;
    std::map<std::string, std::shared_ptr<const BackwardRule>> m_byNode;
};

} // namespace lantern
