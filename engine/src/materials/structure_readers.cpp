// readStructure: dispatch by file name; Open Babel for CIF, POSCAR/CONTCAR and its other formats.
#include "lantern/materials/readers.h"

#include "format_checks.h"
#include "io/hdf5_file.h"
#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/materials/prototypes.h"

#include <openbabel/atom.h>
#include <openbabel/generic.h>
#include <openbabel/mol.h>
#include <openbabel/obconversion.h>
#include <openbabel/oberror.h>
#include <openbabel/obiter.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <mutex>
#include <sstream>

namespace lantern::materials {

namespace {

std::mutex g_openBabelMutex; // Open Babel's format registry and error log are process-wide

std::string lower(std::string s)
{
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

enum class Kind { Json, Xyz, Cif, Poscar, OpenBabel };

Kind kindOf(const std::string& path)
{
    const std::filesystem::path p(path);
    const std::string ext = lower(p.extension().string());
    const std::string stem = lower(p.filename().string());
    if (ext == ".json")
        return Kind::Json;
    if (ext == ".xyz" || ext == ".extxyz")
        return Kind::Xyz;
    if (ext == ".cif")
        return Kind::Cif;
    if (ext == ".vasp" || ext == ".poscar" || stem.rfind("poscar", 0) == 0 || stem.rfind("contcar", 0) == 0)
        return Kind::Poscar;
    return Kind::OpenBabel;
}

std::string readText(const std::string& path)
{
    const std::vector<char> bytes = io::readFileBytes(path);
    if (bytes.size() > (512u << 20))
        throw IoError(path + ": " + std::to_string(bytes.size() >> 20) + " MB is too large for a structure file");
    return std::string(bytes.begin(), bytes.end());
}

Structure fromOpenBabel(const std::string& path)
{
    std::lock_guard lock(g_openBabelMutex);
    static std::ostream silent(nullptr); // messages are collected below and put into the error, not printed
    OpenBabel::obErrorLog.SetOutputStream(&silent);
    OpenBabel::obErrorLog.StartLogging();
    OpenBabel::obErrorLog.ClearLog();
    OpenBabel::OBConversion conversion;
    OpenBabel::OBFormat* format = conversion.FormatFromExt(path.c_str());
    if (!format)
        throw IoError(path + ": unknown structure format (Lantern reads CIF, POSCAR/CONTCAR, XYZ, pymatgen JSON and the "
                             "formats of Open Babel, by file extension)");
    if (format->Flags() & NOTREADABLE)
        throw IoError(path + ": Open Babel can write but not read the " + std::string(format->GetID()) + " format");
    conversion.SetInFormat(format);
    conversion.AddOption("b", OpenBabel::OBConversion::INOPTIONS); // no bond perception: crystals need none
    OpenBabel::OBMol mol;
    const bool ok = conversion.ReadFile(&mol, path);
    std::string messages;
    for (const std::string& m : OpenBabel::obErrorLog.GetMessagesOfLevel(OpenBabel::obError)) {
        std::string line = m;
        line.erase(std::remove(line.begin(), line.end(), '\n'), line.end());
        messages += (messages.empty() ? "" : "; ") + line;
    }
    OpenBabel::obErrorLog.ClearLog();
    if (!ok || mol.NumAtoms() == 0)
        throw IoError(path + ": Open Babel's " + format->GetID() + " reader found no atoms" +
                      (messages.empty() ? std::string() : " (" + messages + ")"));
    Structure s;
    s.name = std::filesystem::path(path).filename().string();
    if (auto* cell = static_cast<OpenBabel::OBUnitCell*>(mol.GetData(OpenBabel::OBGenericDataType::UnitCell))) {
        const std::size_t before = mol.NumAtoms();
        const OpenBabel::SpaceGroup* group = cell->GetSpaceGroup();
        if (group && group->GetId() > 1) {
            cell->FillUnitCell(&mol);
            if (mol.NumAtoms() != before)
                s.notes.push_back("space group " + std::to_string(group->GetId()) + ": " + std::to_string(before) +
                                  " atoms of the asymmetric unit filled to " + std::to_string(mol.NumAtoms()));
        }
        const auto vectors = cell->GetCellVectors();
        for (std::size_t r = 0; r < 3; ++r)
            s.lattice[r] = {vectors[r].x(), vectors[r].y(), vectors[r].z()};
        s.periodic = true;
    }
    FOR_ATOMS_OF_MOL(atom, mol)
    {
        if (atom->GetAtomicNum() < 1)
            throw IoError(path + ": atom " + std::to_string(atom->GetIdx()) + " has no element (dummy atom)");
        s.positions.push_back({atom->GetX(), atom->GetY(), atom->GetZ()});
        s.numbers.push_back(int(atom->GetAtomicNum()));
    }
    if (s.periodic && !(std::abs(cellVolume(s.lattice)) > 1e-9))
        throw IoError(path + ": the unit cell spans no volume");
    return s;
}

} // namespace

Structure readStructure(const std::string& path)
{
    const Kind kind = kindOf(path);
    const std::string text = readText(path);
    const std::string name = std::filesystem::path(path).filename().string();
    if (kind == Kind::Json) {
        Structure s = structureFromPymatgenJson(text, path);
        s.name = name;
        return s;
    }
    if (kind == Kind::Xyz) {
        Structure s = structureFromXyz(text, path);
        s.name = name;
        return s;
    }
    if (kind == Kind::Poscar) {
        Structure s = structureFromPoscar(text, path);
        s.name = name;
        return s;
    }
    // Open Babel reports failures without a place: check the text first so errors name the line
    if (kind == Kind::Cif) {
        const TextLines lines(text, path);
        if (auto issue = checkCif(lines))
            lines.fail(issue->line, issue->message);
    }
    io::probeInChild(path, "Open Babel", [&] { (void)fromOpenBabel(path); });
    return fromOpenBabel(path);
}

Structure loadStructure(const std::string& pathOrPrototype)
{
    std::error_code ec;
    if (!std::filesystem::exists(pathOrPrototype, ec) && isPrototypeSpec(pathOrPrototype))
        return prototypeFromSpec(pathOrPrototype);
    return readStructure(pathOrPrototype);
}

std::string structureFilePatterns()
{
    return "*.cif *.json *.xyz *.extxyz *.vasp POSCAR* CONTCAR* *.pdb *.cml *.mol2 *.res *.cssr *.pcif *.mmcif";
}

bool isStructureFile(const std::string& path)
{
    if (kindOf(path) != Kind::OpenBabel)
        return true;
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    for (const char* known : {".pdb", ".cml", ".mol2", ".res", ".cssr", ".pcif", ".mmcif", ".ins", ".gen", ".cub"})
        if (ext == known)
            return true;
    return false;
}

} // namespace lantern::materials
