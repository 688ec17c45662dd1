// lantern-cli structure-info FILE... [--symprec T[,T...]] [--json]
#include "commands.h"

#include "lantern/error.h"
#include "lantern/materials/readers.h"
#include "lantern/materials/symmetry.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace lantern::cli {

namespace {

struct InfoOptions {
    std::vector<std::string> files;
    std::vector<double> symprec{1e-3};
    bool json = false;
};

std::string format(const char* pattern, double v)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, v);
    return buffer;
}

void run(const InfoOptions& o)
{
    using namespace materials;
    nlohmann::json all = nlohmann::json::array();
    for (const std::string& file : o.files) {
        const Structure s = loadStructure(file);
        nlohmann::json j;
        j["file"] = file;
        j["formula"] = formula(s);
        j["reduced_formula"] = reducedFormula(s);
        j["atoms"] = s.size();
        j["periodic"] = s.periodic;
        j["notes"] = s.notes;
        if (s.periodic) {
            const CellParameters p = cellParameters(s.lattice);
            j["cell"] = {{"a", p.a}, {"b", p.b}, {"c", p.c}, {"alpha", p.alpha}, {"beta", p.beta}, {"gamma", p.gamma},
                         {"volume", std::abs(cellVolume(s.lattice))}};
            j["lattice"] = s.lattice;
            nlohmann::json groups = nlohmann::json::array();
            for (double t : o.symprec) {
                const auto g = spaceGroup(s, t);
                groups.push_back({{"symprec", t},
                                  {"number", g ? nlohmann::json(g->number) : nlohmann::json()},
                                  {"symbol", g ? nlohmann::json(g->international) : nlohmann::json()}});
            }
            j["space_groups"] = groups;
        }
        if (o.json) {
            all.push_back(j);
            continue;
        }
        std::printf("%s\n  formula      %s (%s), %zu atom%s\n", file.c_str(), formula(s).c_str(), reducedFormula(s).c_str(),
                    s.size(), s.size() == 1 ? "" : "s");
        if (s.periodic) {
            const CellParameters p = cellParameters(s.lattice);
            std::printf("  cell         a %.5f  b %.5f  c %.5f Å   alpha %.3f  beta %.3f  gamma %.3f°   volume %.4f Å³\n",
                        p.a, p.b, p.c, p.alpha, p.beta, p.gamma, std::abs(cellVolume(s.lattice)));
            for (double t : o.symprec) {
                const auto g = spaceGroup(s, t);
                std::printf("  space group  %s (spglib %s, symprec %s)\n",
                            g ? (g->international + " (" + std::to_string(g->number) + ")").c_str() : "none found",
                            spglibVersion().c_str(), format("%g", t).c_str());
            }
        } else {
            std::printf("  no unit cell (a cluster): no space group\n");
        }
        for (const auto& note : s.notes)
            std::printf("  note         %s\n", note.c_str());
    }
    if (o.json)
        std::printf("%s\n", all.dump(2).c_str());
}

} // namespace

void addStructureInfoCommand(CLI::App& app)
{
    auto o = std::make_shared<InfoOptions>();
    auto* cmd = app.add_subcommand(
        "structure-info", "Formula, atoms, cell and spglib space group of crystal structure files (CIF, POSCAR, XYZ, "
                          "pymatgen JSON, Open Babel formats) or prototypes such as fcc:Al");
    cmd->add_option("files", o->files, "Structure files or prototypes (sc, bcc, fcc, diamond, hcp, rh, bct139, bct141 "
                                       ":ELEMENT[:a=..,c/a=..])")
        ->required();
    cmd->add_option("--symprec", o->symprec, "spglib distance tolerance(s) in Å, comma-separated")
        ->delimiter(',')
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--json", o->json, "Print JSON instead of text");
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli
