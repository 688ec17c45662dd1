// batch_job_bench: streaming batch jobs of lantern-cli (issue: "a run over 100,000 samples of 3x64x64 keeps its peak
// RSS under 500 MB"; "1 vs 2 ranks with 1 thread each on the 2-core machine, as a speed-up ratio (target >= 1.8)").
//
//  1. Peak memory: `lantern-cli explain --method gradient` over N samples (default 100,000) of 3x64x64 from a uint8
//     .npy written here (N*12 KiB), maps into an .h5 (N*48 KiB). The child's peak RSS comes from wait4(); the run is
//     also timed. The model is a small CNN written here with PyTorch (ONNX) so that the run is about I/O and memory,
//     not compute; the cost of the real crystal CNN is measured in part 2.
//  2. Scaling: the same explain over S samples with the Ziletti crystal CNN (the thesis' model), --threads 1, under
//     mpirun with 1 rank and with 2 ranks (best of 2 each); speed-up = t(1 rank) / t(2 ranks). Also the per-sample
//     cost of one rank and the I/O per sample, the inputs of docs/batch/cluster.md's model.
//  3. Scaling of `lantern-cli fingerprint` over F prototype structures the same way.
// Exit status 1 when a target is missed (after the whole report).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Run {
    int status = -1;
    double seconds = 0;
    double peakMb = 0;
};

Run run(const std::vector<std::string>& args, const std::string& log)
{
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::fflush(stdout); // or the child writes the parent's buffered report again
    std::fflush(stderr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        if (std::freopen(log.c_str(), "w", stderr) == nullptr || std::freopen(log.c_str(), "a", stdout) == nullptr)
            _exit(127);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Run r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.peakMb = double(usage.ru_maxrss) / 1024.0; // KiB on Linux
    if (r.status != 0) {
        std::fprintf(stderr, "batch_job_bench: %s failed (status %d); its log:\n", args[0].c_str(), r.status);
        std::ifstream in(log);
        std::fprintf(stderr, "%s\n", std::string(std::istreambuf_iterator<char>(in), {}).c_str());
        std::exit(2);
    }
    return r;
}

/// A uint8 .npy of (n, 3, 64, 64) random pixels, written in 64 MiB blocks.
void writeSamples(const std::string& path, long n)
{
    std::ofstream out(path, std::ios::binary);
    std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + std::to_string(n) + ", 3, 64, 64), }";
    dict.append((10 + dict.size() + 1 + 63) / 64 * 64 - 10 - dict.size() - 1, ' ');
    dict += '\n';
    const char head[10] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<char>(dict.size() & 0xff),
                           static_cast<char>(dict.size() >> 8)};
    out.write(head, 10);
    out.write(dict.data(), static_cast<std::streamsize>(dict.size()));
    std::vector<uint64_t> block(8 << 20);
    std::mt19937_64 rng(1);
    long left = n * 3 * 64 * 64;
    while (left > 0) {
        for (auto& v : block)
            v = rng();
        const long bytes = std::min<long>(left, long(block.size() * 8));
        out.write(reinterpret_cast<const char*>(block.data()), bytes);
        left -= bytes;
    }
    if (!out)
        throw std::runtime_error(path + ": cannot write the samples");
}

std::string arg(int argc, char** argv, const char* name, const std::string& fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return fallback;
}

double best(const std::vector<std::string>& args, const std::string& log, int times = 2)
{
    double t = 1e30;
    for (int i = 0; i < times; ++i)
        t = std::min(t, run(args, log).seconds);
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    const std::string cli = arg(argc, argv, "--cli", "build/app/cli/lantern-cli");
    const std::string mpiexec = arg(argc, argv, "--mpiexec", "/usr/bin/mpirun");
    const std::string shared = arg(argc, argv, "--shared", "../shared/data");
    const std::string dir = arg(argc, argv, "--dir", "build/bench-batch");
    const long samples = std::stol(arg(argc, argv, "--samples", "100000"));
    const long scaling = std::stol(arg(argc, argv, "--scaling-samples", "2048"));
    const long structures = std::stol(arg(argc, argv, "--structures", "4096"));
    fs::create_directories(dir);
    int failures = 0;

    // 1. peak memory over many samples
    const std::string model = dir + "/small_cnn.onnx";
    if (!fs::exists(model)) {
        const std::string py = "import torch\ntorch.manual_seed(0)\nm = torch.nn.Sequential("
                               "torch.nn.Conv2d(3, 8, 5, stride=2, padding=2), torch.nn.ReLU(),"
                               "torch.nn.Conv2d(8, 16, 3, stride=2, padding=1), torch.nn.ReLU(),"
                               "torch.nn.Flatten(), torch.nn.Linear(16 * 16 * 16, 7))\n"
                               "torch.onnx.export(m.eval(), torch.zeros(1, 3, 64, 64), '" +
                               model + "', input_names=['x'], output_names=['y'], "
                                       "dynamic_axes={'x': {0: 'n'}, 'y': {0: 'n'}}, opset_version=13)\n";
        run({"/usr/bin/python3", "-c", py}, dir + "/torch.log");
    }
    const std::string x = dir + "/samples.npy";
    if (!fs::exists(x) || fs::file_size(x) < size_t(samples) * 3 * 64 * 64) {
        std::printf("writing %ld samples of 3x64x64 (uint8) to %s ...\n", samples, x.c_str());
        std::fflush(stdout);
        writeSamples(x, samples);
    }
    const std::string maps = dir + "/maps.h5";
    fs::remove(maps);
    const Run big = run({cli, "explain", "--model", model, "--input", x, "--method", "gradient", "--batch-size", "64",
                         "--threads", "2", "--out", maps},
                        dir + "/explain.log");
    const double gb = double(fs::file_size(maps)) / 1e9;
    const bool rssOk = big.peakMb < 500;
    failures += !rssOk;
    std::printf("streaming explain, %ld samples of 3x64x64 (gradient, small CNN, batches of 64, 2 threads):\n"
                "  %.1f s, %.0f samples/s, %.2f GB of maps written\n"
                "  peak RSS %.0f MB (target < 500 MB): %s\n",
                samples, big.seconds, double(samples) / big.seconds, gb, big.peakMb, rssOk ? "ok" : "MISSED");
    fs::remove(maps);

    // 2. scaling of explain with the crystal CNN: 1 rank vs 2 ranks, one thread each
    const std::string ziletti = shared + "/torch/ziletti_cnn.onnx";
    std::vector<std::string> mpi1{mpiexec, "-n", "1", "--oversubscribe"}, mpi2{mpiexec, "-n", "2", "--oversubscribe"};
    if (geteuid() == 0) {
        mpi1.push_back("--allow-run-as-root");
        mpi2.push_back("--allow-run-as-root");
    }
    setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 1);
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    const std::vector<std::string> explain{cli, "explain", "--model", ziletti, "--input", x, "--limit",
                                           std::to_string(scaling), "--method", "gradient", "--batch-size", "32",
                                           "--threads", "1", "--out", dir + "/scaling.h5"};
    fs::remove(dir + "/scaling.h5");
    const double e1 = best(with(mpi1, explain), dir + "/scaling1.log");
    fs::remove(dir + "/scaling.h5");
    const double e2 = best(with(mpi2, explain), dir + "/scaling2.log");
    fs::remove(dir + "/scaling.h5");
    const bool explainOk = e1 / e2 >= 1.8;
    failures += !explainOk;
    std::printf("explain scaling, %ld samples, Ziletti crystal CNN (gradient), 1 thread per rank:\n"
                "  1 rank %.2f s (%.2f ms per sample), 2 ranks %.2f s: speed-up %.2fx (target >= 1.8): %s\n"
                "  I/O per sample: %d bytes read (uint8 input), %d bytes written (float32 map + logits + target)\n",
                scaling, e1, 1000 * e1 / double(scaling), e2, e1 / e2, explainOk ? "ok" : "MISSED", 3 * 64 * 64,
                4 * (3 * 64 * 64 + 7 + 1));

    // 3. scaling of fingerprints over prototype structures
    const std::string list = dir + "/structures.txt";
    {
        std::ofstream l(list);
        const char* protos[] = {"fcc:Al", "bcc:Fe", "hcp:Mg", "sc:Po", "diamond:Si", "fcc:Cu", "bcc:W", "hcp:Ti"};
        for (long i = 0; i < structures; ++i)
            l << protos[i % 8] << "\n";
    }
    const std::vector<std::string> fingerprint{cli, "fingerprint", "--list", list, "--batch-size", "16", "--threads",
                                               "1", "--out", dir + "/fingerprints.h5"};
    fs::remove(dir + "/fingerprints.h5");
    const double f1 = best(with(mpi1, fingerprint), dir + "/fp1.log", 3);
    fs::remove(dir + "/fingerprints.h5");
    const double f2 = best(with(mpi2, fingerprint), dir + "/fp2.log", 3);
    fs::remove(dir + "/fingerprints.h5");
    const bool fpOk = f1 / f2 >= 1.8;
    failures += !fpOk;
    std::printf("fingerprint scaling, %ld structures (128 atoms each), 1 thread per rank:\n"
                "  1 rank %.2f s (%.1f ms per structure), 2 ranks %.2f s: speed-up %.2fx (target >= 1.8): %s\n",
                structures, f1, 1000 * f1 / double(structures), f2, f1 / f2, fpOk ? "ok" : "MISSED");
    return failures ? 1 : 0;
}
