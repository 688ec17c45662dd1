#pragma once
// The El Niño study of Toms, Barnes and Ebert-Uphoff, "Physically interpretable neural networks for the
// geosciences" (JAMES 2020), reproduced on synthetic data that ships: monthly sea-surface temperature anomaly
// fields on NCL's 2-degree grid with its land mask, labelled El Niño or La Niña; the paper's dense network trained
// with Lantern's engine; the optimal input for El Niño (cross-entropy objective from a zero field), the deep-Taylor
// composite over correctly classified El Niño months and per-sample relevance and saliency.
//
// The data (docs/studies/enso.md has the full recipe): every month is one event, El Niño (class 1, 40 %) or La Niña
// (class 0, 60 %, so class weights matter). An event is a Gaussian SST anomaly centred on the equator in the
// central–eastern Pacific (El Niño: 200–250 E, 0.6–3 K; La Niña: 190–230 E, 0.5–2 K; zonal width 20–40 deg,
// meridional 5–10 deg) with a weaker opposite-signed lobe in the western Pacific, plus a distractor anomaly of
// random sign in the North Pacific, North Atlantic or Indian Ocean that says nothing about the class, plus spatially
// red noise (white noise smoothed over about 6 deg, 0.4 K). Land (NCL landsea.nc, any non-ocean class) is masked.

#include "lantern/model.h"
#include "lantern/tensor.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lantern::studies {

struct EnsoDataOptions {
    std::string gridFile;     ///< a NetCDF file whose lat/lon define the grid (sstdata_netcdf.nc)
    std::string landMaskFile; ///< NCL landsea.nc (LSMASK: 0 ocean)
    int64_t months = 1200;
    uint64_t seed = 1;
};

struct EnsoData {
    std::vector<double> lat, lon;  ///< ascending, lon in [0, 360) without a duplicated column
    std::vector<double> time;      ///< days since 1900-01-01, mid-month
    Tensor sst;                    ///< (months, lat, lon) anomalies in K, NaN over land
    std::vector<int64_t> labels;   ///< 1 El Niño, 0 La Niña
    std::vector<float> nino34;     ///< the Niño-3.4 index of each month (mean over 5S–5N, 170W–120W)
    std::vector<uint8_t> ocean;    ///< lat*lon, 1 where the cell is ocean
};

EnsoData makeEnsoData(const EnsoDataOptions& options);
/// Writes data.nc: sst(time, lat, lon) with NaN as _FillValue, label(time), nino34(time), CF coordinates.
void writeEnsoData(const std::string& path, const EnsoData& data);

struct EnsoTrainOptions {
    std::vector<int64_t> hidden = {8, 8};
    double l2First = 25.0, l2Others = 0.01; ///< Keras convention (factor * sum w^2)
    double lr = 0.001;
    int64_t batchSize = 32;
    int epochs = 50;
    double validationFraction = 0.2; ///< the last months, in time order
    bool balancedClassWeights = true;
    uint64_t seed = 1;
};

struct EnsoModel {
    Model model;
    double trainAccuracy = 0, validationAccuracy = 0;
    int64_t trainSamples = 0, validationSamples = 0;
};

/// Trains the paper's network (dense hidden... -> 2, ReLU, SGD) on the flattened fields (masked cells 0).
EnsoModel trainEnsoModel(const EnsoData& data, const EnsoTrainOptions& options,
                         const std::function<void(int epoch, double loss, double accuracy)>& onEpoch = {},
                         const std::atomic<bool>* cancel = nullptr);

struct EnsoMaps {
    std::vector<float> optimalInput;     ///< lat*lon, the El Niño optimal input (K)
    std::vector<float> composite;        ///< lat*lon, mean of max-normalised deep-Taylor maps, correct El Niño months
    int64_t compositeSamples = 0;
    int64_t sample = -1;                 ///< the month shown per sample: the strongest correctly classified El Niño
    std::vector<float> sampleRelevance;  ///< lat*lon, deep Taylor of that month
    std::vector<float> sampleSaliency;   ///< lat*lon, gradient of that month
    double optimalInputProbability = 0;  ///< p(El Niño) of the optimal input
};

struct EnsoMapOptions {
    int64_t iterations = 500;
    double stepSize = 0.5; ///< gradient-descent step of the optimal input
};

EnsoMaps ensoMaps(EnsoModel& model, const EnsoData& data, const EnsoMapOptions& options = {});

/// The relevance-weighted centroid (lat, lon in [0, 360)) of positive values of a map on the grid, with
/// longitudes averaged on the circle.
struct Centroid {
    double lat = 0, lon = 0;
};
Centroid relevanceCentroid(const std::vector<float>& map, const std::vector<double>& lat, const std::vector<double>& lon);
/// Great-circle distance in degrees from a point to the Niño-3.4 box (0 inside it).
double distanceToNino34(double lat, double lon);
/// Mean of a map over the Niño-3.4 box (cells of the grid inside 5S–5N, 190–240 E).
double nino34Mean(const std::vector<float>& map, const std::vector<double>& lat, const std::vector<double>& lon);

} // namespace lantern::studies
