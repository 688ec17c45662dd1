#include "lantern/rules.h"

namespace lantern {

void RuleSet::setForType(const std::string& opType, std::shared_ptr<const BackwardRule> rule)
{
    m_byType[opType] = std::move(rule);
}

void RuleSet::setForNode(const std::string& nodeName, std::shared_ptr<const BackwardRule> rule)
{
    m_byNode[nodeName] = std::move(rule);
}

const BackwardRule* RuleSet::find(const std::string& nodeName, const std::string& opType) const
{
    if (auto it = m_byNode.find(nodeName); it != m_byNode.end())
        return it->second.get();
    if (auto it = m_byType.find(opType); it != m_byType.end())
        return it->second.get();
    return nullptr;
}

} // namespace lantern
