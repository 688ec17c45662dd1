#include "fuzz_support.h"

#include "lantern/graph.h"
#include "lantern/ops/avg_pool2d.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/conv_transpose2d.h"
#include "lantern/ops/conv_transpose3d.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/mat_mul.h"
#include "lantern/ops/max_pool2d.h"

#include <algorithm>
#include <map>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace lantern::fuzz {

namespace {

const std::string& tempFolder()
{
    // created once, removed at exit; the path lives on the heap so the exit handler never sees it destroyed
    static const std::string* folder = [] {
        namespace fs = std::filesystem;
        const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        const fs::path dir = base / ("lantern-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        auto* path = new std::string(dir.string());
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(fs::path(tempFolder()), ec);
        });
        return path;
    }();
    return *folder;
}

} // namespace

std::string writeInput(const uint8_t* data, size_t size, const std::string& name)
{
    const std::string path = tempFolder() + "/" + name;
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!f)
        finding("harness: cannot write " + path);
    return path;
}

namespace {

double elements(const Shape& s)
{
    double n = 1;
    for (int64_t d : s)
        n *= double(d);
    return n;
}

/// Multiply-adds (or comparisons) per output element of the ops whose cost grows with a kernel or an inner
/// dimension; 1 for the rest (elementwise, copies).
double workPerOutput(const Node& n, const std::map<std::string, Shape>& shapes)
{
    const Op* op = n.op.get();
    const auto inputShape = [&](size_t i) -> const Shape* {
        if (i >= n.inputs.size())
            return nullptr;
        auto it = shapes.find(n.inputs[i]);
        return it == shapes.end() ? nullptr : &it->second;
    };
    if (auto* c = dynamic_cast<const Conv2D*>(op))
        return double(c->weight().value.size()) / double(std::max<int64_t>(1, c->params().outChannels));
    if (auto* t = dynamic_cast<const ConvTranspose2D*>(op))
        return double(t->weight().value.size()) / double(std::max<int64_t>(1, t->params().outChannels));
    if (auto* t = dynamic_cast<const ConvTranspose3D*>(op))
        return double(t->weight().value.size()) / double(std::max<int64_t>(1, t->params().outChannels));
    if (auto* g = dynamic_cast<const Gemm*>(op))
        return double(g->params().inFeatures);
    if (auto* p = dynamic_cast<const MaxPool2D*>(op))
        return double(p->params().kernelH) * double(p->params().kernelW);
    if (auto* p = dynamic_cast<const AvgPool2D*>(op))
        return double(p->params().kernelH) * double(p->params().kernelW);
    if (dynamic_cast<const MatMul*>(op)) {
        const Shape* a = inputShape(0);
        return a && !a->empty() ? double(a->back()) : 1.0;
    }
    return 1.0;
}

} // namespace

void runModel(Model& model, double maxElements, double maxWork)
{
    Graph& g = model.graph;
    if (g.inputNames().size() != 1)
        return;
    const std::string input = g.inputNames().front();
    Shape shape = g.inputShape(input);
    for (auto& d : shape)
        d = d < 0 ? 1 : d;
    try {
        const auto shapes = g.inferShapes({{input, shape}});
        double total = 0;
        for (const auto& [name, s] : shapes) {
            for (int64_t d : s)
                if (d < 0)
                    return;
            total += elements(s);
        }
        if (total > maxElements)
            return; // beyond the harness budget
        double work = 0;
        for (const Node& n : g.nodes())
            for (const std::string& out : n.outputs)
                if (auto it = shapes.find(out); it != shapes.end())
                    work += elements(it->second) * workPerOutput(n, shapes);
        if (work > maxWork)
            return;
        (void)g.forward({{input, Tensor(shape)}});
    } catch (const Error&) {
        // a clear error for an unsupported or inconsistent model is a correct outcome
    } catch (const std::exception& e) {
        finding(std::string("forward: not a lantern::Error: ") + e.what());
    }
}

void loadModelFile(const uint8_t* data, size_t size, const std::string& name)
{
    const std::string path = writeInput(data, size, name);
    LANTERN_FUZZ_LOAD(path, {
        Model m = loadModel(path);
        runModel(m);
    });
}

void requireNamed(const Error& error, const std::string& path)
{
    const std::string base = std::filesystem::path(path).filename().string();
    if (std::string(error.what()).find(base) == std::string::npos)
        finding("error does not name the file " + base + ": " + error.what());
}

void finding(const std::string& what)
{
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

} // namespace lantern::fuzz
