<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AttentionFrames</name>
    <message>
        <source>%1 · layer %2 · epoch %3 of %4</source>
        <translation>%1 · capa %2 · época %3 de %4</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>Cabeza %1</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>atención</translation>
    </message>
</context>
<context>
    <name>AttentionWorkspace</name>
    <message>
        <source>layer %1 skipped: its size differs from layer %2</source>
        <translation>capa %1 omitida: su tamaño difiere del de la capa %2</translation>
    </message>
    <message>
        <source>%1 skipped: its size differs from %2</source>
        <translation>%1 omitido: su tamaño difiere del de %2</translation>
    </message>
    <message>
        <source>%1 skipped: %2</source>
        <translation>%1 omitido: %2</translation>
    </message>
    <message>
        <source>pred_data.npz not used: %1</source>
        <translation>pred_data.npz no se usa: %1</translation>
    </message>
</context>
<context>
    <name>Demos</name>
    <message>
        <source>Fashion-MNIST classifier</source>
        <translation>Clasificador Fashion-MNIST</translation>
    </message>
    <message>
        <source>A small CNN trained by Lantern on clothing images (90 % accurate) and 40 test images: saliency, LRP, attentive response, CLEAR and optimal inputs on pictures everyone reads.</source>
        <translation>Una pequeña CNN entrenada por Lantern con imágenes de ropa (90 % de aciertos) y 40 imágenes de prueba: saliencia, LRP, attentive response, CLEAR y entradas óptimas en imágenes que todos entienden.</translation>
    </message>
    <message>
        <source>El Niño on the globe</source>
        <translation>El Niño en el globo</translation>
    </message>
    <message>
        <source>The network of Toms et al. (2020) trained by Lantern on sea-surface temperature anomalies: which ocean regions make it say El Niño, as relevance contours on a Robinson map or a 3-D globe.</source>
        <translation>La red de Toms et al. (2020), entrenada por Lantern con anomalías de temperatura de la superficie del mar: qué regiones del océano le hacen decir El Niño, como contornos de relevancia en un mapa de Robinson o en un globo 3-D.</translation>
    </message>
    <message>
        <source>Crystal structures</source>
        <translation>Estructuras cristalinas</translation>
    </message>
    <message>
        <source>The CNN of Ziletti et al. (2018) trained by Lantern on diffraction fingerprints: fcc, bcc, diamond and hcp crystals in 3-D, their fingerprints, which peaks each layer&apos;s top filters look at, and how vacancies and displacements leave the prediction intact.</source>
        <translation>La CNN de Ziletti et al. (2018) entrenada por Lantern con huellas de difracción: cristales fcc, bcc, diamante y hcp en 3-D, sus huellas, qué picos miran los filtros principales de cada capa y cómo las vacantes y los desplazamientos dejan intacta la predicción.</translation>
    </message>
    <message>
        <source>Watching a network learn</source>
        <translation>Ver aprender a una red</translation>
    </message>
    <message>
        <source>The Fashion-MNIST classifier&apos;s own training, recorded by Lantern: scrub through 3 epochs and see ten test images&apos; attentive response maps, gradients and class probabilities change as the network learns.</source>
        <translation>El propio entrenamiento del clasificador Fashion-MNIST, registrado por Lantern: recorra 3 épocas y vea cómo cambian los mapas de attentive response, los gradientes y las probabilidades de clase de diez imágenes de prueba mientras la red aprende.</translation>
    </message>
</context>
<context>
    <name>FigureJob</name>
    <message>
        <source>input</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source>true: %1</source>
        <translation>real: %1</translation>
    </message>
    <message>
        <source>target: %1</source>
        <translation>objetivo: %1</translation>
    </message>
    <message>
        <source>optimal input</source>
        <translation>entrada óptima</translation>
    </message>
    <message>
        <source>relevance / attribution</source>
        <translation>relevancia / atribución</translation>
    </message>
    <message>
        <source>shading: %1</source>
        <translation>sombreado: %1</translation>
    </message>
    <message>
        <source>contours: %1 (solid positive, dashed negative)</source>
        <translation>contornos: %1 (continuos positivos, discontinuos negativos)</translation>
    </message>
</context>
<context>
    <name>SnapshotFrames</name>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>paso %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>época %1</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>muestra de prueba</translation>
    </message>
    <message>
        <source>predicted %1 (%2%)</source>
        <translation>predicción %1 (%2 %)</translation>
    </message>
    <message>
        <source>true class %1</source>
        <translation>clase real %1</translation>
    </message>
    <message>
        <source>input</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source> (true)</source>
        <translation> (real)</translation>
    </message>
    <message>
        <source>class probabilities</source>
        <translation>probabilidades de clase</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>training</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validación</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>exactitud</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocida</translation>
    </message>
</context>
<context>
    <name>lantern::gui::AttentionWorkspace</name>
    <message>
        <source>No attention store open</source>
        <translation>No hay ningún almacén de atención abierto</translation>
    </message>
    <message>
        <source>Encoder layer</source>
        <translation>Capa del codificador</translation>
    </message>
    <message>
        <source>All heads side by side, or one head</source>
        <translation>Todas las cabezas lado a lado o una sola cabeza</translation>
    </message>
    <message>
        <source>Padding slots</source>
        <translation>Posiciones de relleno</translation>
    </message>
    <message>
        <source>Show all n_el slots as CrabNet records them, pairs with padding masked (hatched grey); unchecked, only the sample&apos;s own elements</source>
        <translation>Mostrar las n_el posiciones tal como las registra CrabNet, con los pares de relleno enmascarados (sombreado gris); sin marcar, solo los elementos propios de la muestra</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Cabezas</translation>
    </message>
    <message>
        <source>Open CrabNet attention store</source>
        <translation>Abrir almacén de atención de CrabNet</translation>
    </message>
    <message>
        <source>The attention of this sample could not be read:
%1</source>
        <translation>No se pudo leer la atención de esta muestra:
%1</translation>
    </message>
    <message>
        <source>Read CrabNet attention</source>
        <translation>Leer atención de CrabNet</translation>
    </message>
    <message>
        <source>No sample</source>
        <translation>Ninguna muestra</translation>
    </message>
    <message>
        <source>Open a CrabNet attention store (attn_data_layer0.zip or .zarr) to explore its attention matrices</source>
        <translation>Abra un almacén de atención de CrabNet (attn_data_layer0.zip o .zarr) para explorar sus matrices de atención</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 no existe</translation>
    </message>
    <message>
        <source>No formulae CSV was found next to %1 or in the folder above. CrabNet&apos;s attention stores hold no formulae: the recording needs the CSV of its samples (formula,target), the data set CrabNet loaded last, e.g. data/benchmark_data/aflow__Egap/val.csv.</source>
        <translation>No se encontró ningún CSV de fórmulas junto a %1 ni en la carpeta superior. Los almacenes de atención de CrabNet no contienen fórmulas: el registro necesita el CSV de sus muestras (formula,target), el conjunto de datos que CrabNet cargó en último lugar, p. ej. data/benchmark_data/aflow__Egap/val.csv.</translation>
    </message>
    <message>
        <source>Several CSV files lie next to %1 (%2): which one holds the recorded formulae is not clear.</source>
        <translation>Junto a %1 hay varios archivos CSV (%2): no está claro cuál contiene las fórmulas registradas.</translation>
    </message>
    <message>
        <source>Formulae CSV of %1</source>
        <translation>CSV de fórmulas de %1</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Opening %1 cancelled: no formulae CSV</source>
        <translation>Apertura de %1 cancelada: no hay CSV de fórmulas</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>Abriendo %1</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Capa %1</translation>
    </message>
    <message>
        <source>All heads</source>
        <translation>Todas las cabezas</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>Cabeza %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>época %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 samples × %3 epochs · %4 heads · n_el %5&lt;br&gt;layers %6 · %7 rows</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 muestras × %3 épocas · %4 cabezas · n_el %5&lt;br&gt;capas %6 · %7 filas</translation>
    </message>
    <message>
        <source>formulae: %1</source>
        <translation>fórmulas: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;This store holds attention only, no predictions.&lt;/b&gt; CrabNet&apos;s get_training_attention.py saves the per-epoch predictions of these samples as pred_data.npz (with the targets in act_data.npz) beside attn_data_layer{L}.zip; there is none in %1. Below: how the attention of the selected pair changed over the epochs instead.</source>
        <translation>&lt;b&gt;Este almacén solo contiene atención, sin predicciones.&lt;/b&gt; get_training_attention.py de CrabNet guarda las predicciones por época de estas muestras como pred_data.npz (con los objetivos en act_data.npz) junto a attn_data_layer{L}.zip; en %1 no hay ninguno. Abajo, en su lugar: cómo cambió la atención del par seleccionado a lo largo de las épocas.</translation>
    </message>
    <message>
        <source>%1: %2 samples, %3 epochs</source>
        <translation>%1: %2 muestras, %3 épocas</translation>
    </message>
    <message>
        <source>Reading the attention of %1</source>
        <translation>Leyendo la atención de %1</translation>
    </message>
    <message>
        <source>From %1. CrabNet&apos;s recorder saves each epoch&apos;s predictions one epoch late; they are shown at the epoch whose model made them, so the last epoch has none.</source>
        <translation>De %1. El registrador de CrabNet guarda las predicciones de cada época con una época de retraso; se muestran en la época cuyo modelo las hizo, por lo que la última época no tiene ninguna.</translation>
    </message>
    <message>
        <source>From %1.</source>
        <translation>De %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;#%1 %2&lt;/b&gt; · CSV line %3 · %4</source>
        <translation>&lt;b&gt;#%1 %2&lt;/b&gt; · línea %3 del CSV · %4</translation>
    </message>
    <message>
        <source>target %1</source>
        <translation>objetivo %1</translation>
    </message>
    <message numerus="yes">
        <source>CrabNet dropped %n element(s) beyond its n_el slots</source>
        <translation>
            <numerusform>CrabNet descartó %n elemento más allá de sus n_el posiciones</numerusform>
            <numerusform>CrabNet descartó %n elementos más allá de sus n_el posiciones</numerusform>
        </translation>
    </message>
    <message>
        <source>Layer %1 of %2 could not be read:
%3</source>
        <translation>No se pudo leer la capa %1 de %2:
%3</translation>
    </message>
    <message>
        <source>No attention for this layer</source>
        <translation>No hay atención para esta capa</translation>
    </message>
    <message>
        <source>#%1: %2, layer %3, epoch %4</source>
        <translation>#%1: %2, capa %3, época %4</translation>
    </message>
    <message>
        <source>This frame cannot be shown: %1</source>
        <translation>Este fotograma no se puede mostrar: %1</translation>
    </message>
    <message>
        <source>under the mouse</source>
        <translation>bajo el ratón</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>fijado</translation>
    </message>
    <message>
        <source>the strongest pair of two elements in the last epoch</source>
        <translation>el par más fuerte de dos elementos en la última época</translation>
    </message>
    <message>
        <source>No pair</source>
        <translation>Ningún par</translation>
    </message>
</context>
<context>
    <name>lantern::gui::DefectPanel</name>
    <message>
        <source>Element put on substituted sites</source>
        <translation>Elemento en los sitios sustituidos</translation>
    </message>
    <message>
        <source>Seed of the random defects: the same seed gives the same crystal</source>
        <translation>Semilla de los defectos aleatorios: la misma semilla da el mismo cristal</translation>
    </message>
    <message>
        <source>as given</source>
        <translation>tal cual</translation>
    </message>
    <message>
        <source>Periodic structures are repeated to about this many atoms before the fingerprint</source>
        <translation>Las estructuras periódicas se repiten hasta unos tantos átomos antes de la huella</translation>
    </message>
    <message>
        <source>Pristine</source>
        <translation>Ideal</translation>
    </message>
    <message>
        <source>Remove all defects</source>
        <translation>Quitar todos los defectos</translation>
    </message>
    <message>
        <source>Vacancies</source>
        <translation>Vacantes</translation>
    </message>
    <message>
        <source>Displacement σ</source>
        <translation>Desplazamiento σ</translation>
    </message>
    <message>
        <source>Substitutions</source>
        <translation>Sustituciones</translation>
    </message>
    <message>
        <source>Substituent</source>
        <translation>Sustituyente</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Supercell atoms</source>
        <translation>Átomos de la supercelda</translation>
    </message>
</context>
<context>
    <name>lantern::gui::DemoCard</name>
    <message>
        <source>Open %1</source>
        <translation>Abrir %1</translation>
    </message>
</context>
<context>
    <name>lantern::gui::EvolutionPanel</name>
    <message>
        <source>Prediction vs epoch</source>
        <translation>Predicción por época</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>predicción</translation>
    </message>
    <message>
        <source>Attention of the selected pair vs epoch</source>
        <translation>Atención del par seleccionado por época</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>atención</translation>
    </message>
    <message>
        <source>Hover a cell of the matrix to preview its pair, click to keep it.</source>
        <translation>Pase el ratón sobre una celda de la matriz para previsualizar su par y haga clic para fijarlo.</translation>
    </message>
    <message>
        <source>target</source>
        <translation>objetivo</translation>
    </message>
    <message>
        <source>No pair</source>
        <translation>Ningún par</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>Cabeza %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 → %2&lt;/b&gt;: %1 attends to %2 (row %1, column %2)</source>
        <translation>&lt;b&gt;%1 → %2&lt;/b&gt;: %1 atiende a %2 (fila %1, columna %2)</translation>
    </message>
    <message>
        <source>an absent pair (padding): nothing to plot</source>
        <translation>un par ausente (relleno): nada que representar</translation>
    </message>
    <message>
        <source>Epoch %1: predicted &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Época %1: predicción &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Epoch %1: no prediction recorded</source>
        <translation>Época %1: no hay ninguna predicción registrada</translation>
    </message>
    <message>
        <source>target %1</source>
        <translation>objetivo %1</translation>
    </message>
    <message>
        <source>error %1</source>
        <translation>error %1</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>ausente</translation>
    </message>
    <message>
        <source>Epoch %1: %2</source>
        <translation>Época %1: %2</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExplanationController</name>
    <message>
        <source>Computing %1</source>
        <translation>Calculando %1</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExplanationPanel</name>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Clase predicha</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Restablecer valores predeterminados</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Visualización</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>Mapa de colores</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <source>Positive and negative</source>
        <translation>Positivo y negativo</translation>
    </message>
    <message>
        <source>Positive only</source>
        <translation>Solo positivo</translation>
    </message>
    <message>
        <source>Negative only</source>
        <translation>Solo negativo</translation>
    </message>
    <message>
        <source>Absolute value</source>
        <translation>Valor absoluto</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Signo</translation>
    </message>
    <message>
        <source> th percentile</source>
        <translation> (percentil)</translation>
    </message>
    <message>
        <source>Colour range limit: values beyond this percentile of the magnitudes saturate</source>
        <translation>Límite del rango de colores: los valores por encima de este percentil de las magnitudes se saturan</translation>
    </message>
    <message>
        <source>Clip at</source>
        <translation>Recortar en</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Contour lines</source>
        <translation>Líneas de contorno</translation>
    </message>
    <message>
        <source>Fade weak values</source>
        <translation>Atenuar valores débiles</translation>
    </message>
    <message>
        <source>Let the input show through where the map is near zero</source>
        <translation>Dejar ver la entrada donde el mapa es casi cero</translation>
    </message>
    <message>
        <source>Default (last conv layer)</source>
        <translation>Predeterminada (última capa conv.)</translation>
    </message>
    <message>
        <source>This method has no parameters.</source>
        <translation>Este método no tiene parámetros.</translation>
    </message>
    <message>
        <source>The class whose score is explained; click a bar of the class probabilities to choose one</source>
        <translation>La clase cuya puntuación se explica; haga clic en una barra de las probabilidades de clase para elegir una</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>Predicha</translation>
    </message>
    <message>
        <source>Explain the predicted class again</source>
        <translation>Volver a explicar la clase predicha</translation>
    </message>
    <message>
        <source>Both signs on a diverging colormap, or only the positive values on a sequential one when the map has no negative values</source>
        <translation>Ambos signos en un mapa de colores divergente, o solo los valores positivos en uno secuencial cuando el mapa no tiene valores negativos</translation>
    </message>
    <message>
        <source>Input in grey</source>
        <translation>Entrada en gris</translation>
    </message>
    <message>
        <source>Draw the input in grey under the map so that the map&apos;s colours stand out</source>
        <translation>Dibujar la entrada en gris bajo el mapa para que destaquen sus colores</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExplanationView</name>
    <message>
        <source>Open a model and samples (File menu, or drop files here)</source>
        <translation>Abra un modelo y muestras (menú Archivo o arrastre archivos aquí)</translation>
    </message>
    <message>
        <source>Point at the image to read the map&apos;s value</source>
        <translation>Señale la imagen para leer el valor del mapa</translation>
    </message>
    <message>
        <source>&amp;Overlay</source>
        <translation>&amp;Superposición</translation>
    </message>
    <message>
        <source>pixel (%1, %2): %3</source>
        <translation>píxel (%1, %2): %3</translation>
    </message>
    <message>
        <source>Top-n filters of every conv layer back-projected to the input (attentive response, Ziletti et al. 2018)</source>
        <translation>Los n filtros principales de cada capa convolucional, retroproyectados a la entrada (attentive response, Ziletti et al. 2018)</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>&amp;Resumen</translation>
    </message>
    <message>
        <source>&amp;Dominant filter</source>
        <translation>Filtro &amp;dominante</translation>
    </message>
    <message>
        <source>&amp;CLEAR classes</source>
        <translation>Clases &amp;CLEAR</translation>
    </message>
    <message>
        <source>The input with the chosen method&apos;s map overlaid</source>
        <translation>La entrada con el mapa del método elegido superpuesto</translation>
    </message>
    <message>
        <source>Input | top-n attentive response maps per conv layer | their sum</source>
        <translation>Entrada | n mapas principales de attentive response por capa convolucional | su suma</translation>
    </message>
    <message>
        <source>Which of the layer&apos;s top filters responds most at each pixel</source>
        <translation>Cuál de los filtros principales de la capa responde más en cada píxel</translation>
    </message>
    <message>
        <source>Which class&apos;s back-projected response dominates at each pixel (CLEAR)</source>
        <translation>Qué clase domina en cada píxel con su respuesta retroproyectada (CLEAR)</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>No se puede calcular: %1</translation>
    </message>
    <message>
        <source>relevance</source>
        <translation>relevancia</translation>
    </message>
    <message>
        <source>attribution</source>
        <translation>atribución</translation>
    </message>
    <message>
        <source>input</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source>filter %1</source>
        <translation>filtro %1</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>suma</translation>
    </message>
    <message>
        <source>Dominant filter per pixel in %1 (brighter = stronger response)</source>
        <translation>Filtro dominante por píxel en %1 (más claro = respuesta más fuerte)</translation>
    </message>
    <message>
        <source>Dominant class per pixel (CLEAR; brighter = stronger response)</source>
        <translation>Clase dominante por píxel (CLEAR; más claro = respuesta más fuerte)</translation>
    </message>
    <message>
        <source>St&amp;yle:</source>
        <translation>E&amp;stilo:</translation>
    </message>
    <message>
        <source>ai4materials (Ziletti et al. 2018)</source>
        <translation>ai4materials (Ziletti et al. 2018)</translation>
    </message>
    <message>
        <source>Zeiler–Fergus deconvnet</source>
        <translation>Deconvnet de Zeiler–Fergus</translation>
    </message>
    <message>
        <source>ai4materials: each filter&apos;s strongest unit back-projected with the forward ReLU masks and nearest-neighbour unpooling, as the paper&apos;s code does. Zeiler–Fergus: the filter&apos;s whole activation map through deconvnet ReLUs and pooling switches.</source>
        <translation>ai4materials: la unidad más fuerte de cada filtro se retroproyecta con las máscaras ReLU de la pasada hacia delante y desagrupamiento por vecino más cercano, como hace el código del artículo. Zeiler–Fergus: el mapa de activación completo del filtro a través de ReLU de deconvnet e interruptores de agrupamiento.</translation>
    </message>
    <message>
        <source>Click a map to see it large</source>
        <translation>Haga clic en un mapa para verlo en grande</translation>
    </message>
    <message>
        <source>Click a filter in the Model layers panel to see what it responds to</source>
        <translation>Haga clic en un filtro del panel Capas del modelo para ver a qué responde</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filtro</translation>
    </message>
    <message>
        <source>The attentive response map of the filter clicked in the Model layers panel</source>
        <translation>El mapa de attentive response del filtro pulsado en el panel Capas del modelo</translation>
    </message>
    <message>
        <source>map values %1 … %2; point at the image to read one</source>
        <translation>valores del mapa %1 … %2; señale la imagen para leer uno</translation>
    </message>
    <message>
        <source>Top-%1 filters of %2 conv layers back-projected to the input, and the sum of the last layer&apos;s maps; click a map to see it large</source>
        <translation>Los %1 filtros principales de %2 capas convolucionales retroproyectados a la entrada, y la suma de los mapas de la última capa; haga clic en un mapa para verlo en grande</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>n.º %1</translation>
    </message>
    <message>
        <source>response</source>
        <translation>respuesta</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExportDialog</name>
    <message>
        <source>The range “%1” runs backwards.</source>
        <translation>El rango «%1» está invertido.</translation>
    </message>
    <message>
        <source>“%1” is not a sample index or a range like 0-5.</source>
        <translation>«%1» no es un índice de muestra ni un rango como 0-5.</translation>
    </message>
    <message>
        <source>Sample %1 does not exist: the samples are numbered 0 to %2.</source>
        <translation>La muestra %1 no existe: las muestras están numeradas de 0 a %2.</translation>
    </message>
    <message>
        <source>There are no samples.</source>
        <translation>No hay muestras.</translation>
    </message>
    <message>
        <source>At most %1 rows fit in one figure.</source>
        <translation>En una figura caben como máximo %1 filas.</translation>
    </message>
    <message>
        <source>Enter the sample indices of the rows, e.g. 0-5, 9.</source>
        <translation>Introduzca los índices de muestra de las filas, p. ej. 0-5, 9.</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>Exportar figura</translation>
    </message>
    <message>
        <source>figure.png</source>
        <translation>figura.png</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Imagen PNG</translation>
    </message>
    <message>
        <source>SVG (vector)</source>
        <translation>SVG (vectorial)</translation>
    </message>
    <message>
        <source>PDF (vector)</source>
        <translation>PDF (vectorial)</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> ppp</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Archivo:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Formato:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Resolución:</translation>
    </message>
    <message>
        <source> in</source>
        <translation> pulg.</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>Colorbars</source>
        <translation>Barras de color</translation>
    </message>
    <message>
        <source>One shared range for all maps</source>
        <translation>Un rango común para todos los mapas</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apariencia</translation>
    </message>
    <message>
        <source>Panel width:</source>
        <translation>Ancho del panel:</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>Tamaño de fuente:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
    <message>
        <source>Current view (input | %1)</source>
        <translation>Vista actual (entrada | %1)</translation>
    </message>
    <message>
        <source>method</source>
        <translation>método</translation>
    </message>
    <message>
        <source>Samples × methods grid</source>
        <translation>Cuadrícula de muestras × métodos</translation>
    </message>
    <message>
        <source>e.g. 0-5, 9</source>
        <translation>p. ej. 0-5, 9</translation>
    </message>
    <message>
        <source>Sample indices (0 to %1), separated by commas; ranges like 0-5 are inclusive.</source>
        <translation>Índices de muestra (0 a %1), separados por comas; los rangos como 0-5 incluyen ambos extremos.</translation>
    </message>
    <message>
        <source>Include the input as the first column</source>
        <translation>Incluir la entrada como primera columna</translation>
    </message>
    <message>
        <source>Rows (samples):</source>
        <translation>Filas (muestras):</translation>
    </message>
    <message>
        <source>Columns (methods):</source>
        <translation>Columnas (métodos):</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Disposición</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>Imagen SVG (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Documento PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Check at least one method or the input column.</source>
        <translation>Marque al menos un método o la columna de entrada.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Elija el archivo de destino.</translation>
    </message>
    <message>
        <source>%1 × %2 panels</source>
        <translation>%1 × %2 paneles</translation>
    </message>
    <message>
        <source>%1 × %2 pixels (%3 × %4 in), %5</source>
        <translation>%1 × %2 píxeles (%3 × %4 pulg.), %5</translation>
    </message>
    <message>
        <source>%1 × %2 in (%3 × %4 pt), %5</source>
        <translation>%1 × %2 pulg. (%3 × %4 pt), %5</translation>
    </message>
</context>
<context>
    <name>lantern::gui::FingerprintView</name>
    <message>
        <source>Diffraction fingerprint: red, green and blue are the patterns of the crystal rotated by ±45° about x, y and z</source>
        <translation>Huella de difracción: rojo, verde y azul son los patrones del cristal girado ±45° alrededor de x, y y z</translation>
    </message>
    <message>
        <source>No fingerprint</source>
        <translation>Sin huella</translation>
    </message>
</context>
<context>
    <name>lantern::gui::GeoOverlayPage</name>
    <message>
        <source>Whole globe</source>
        <translation>Globo completo</translation>
    </message>
    <message>
        <source>Tropical Pacific (105E-290E, 22.5S-22.5N)</source>
        <translation>Pacífico tropical (105E–290E, 22,5S–22,5N)</translation>
    </message>
    <message>
        <source>Nino-3.4 surroundings (150E-270E, 15S-15N)</source>
        <translation>Entorno de Niño 3.4 (150E–270E, 15S–15N)</translation>
    </message>
    <message>
        <source>North Atlantic (280E-360E, 0-70N)</source>
        <translation>Atlántico norte (280E–360E, 0–70N)</translation>
    </message>
    <message>
        <source>Europe (340E-45E, 30N-72N)</source>
        <translation>Europa (340E–45E, 30N–72N)</translation>
    </message>
    <message>
        <source>Indian Ocean (30E-120E, 40S-30N)</source>
        <translation>Océano Índico (30E–120E, 40S–30N)</translation>
    </message>
    <message>
        <source>Pro&amp;jection:</source>
        <translation>Pro&amp;yección:</translation>
    </message>
    <message>
        <source>Robinson</source>
        <translation>Robinson</translation>
    </message>
    <message>
        <source>Mollweide</source>
        <translation>Mollweide</translation>
    </message>
    <message>
        <source>Orthographic</source>
        <translation>Ortográfica</translation>
    </message>
    <message>
        <source>C&amp;entre:</source>
        <translation>C&amp;entro:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Región:</translation>
    </message>
    <message>
        <source>E&amp;xplanation:</source>
        <translation>E&amp;xplicación:</translation>
    </message>
    <message>
        <source>Contours over the field</source>
        <translation>Contornos sobre el campo</translation>
    </message>
    <message>
        <source>Fill over the field</source>
        <translation>Relleno sobre el campo</translation>
    </message>
    <message>
        <source>Explanation only</source>
        <translation>Solo la explicación</translation>
    </message>
    <message>
        <source>Field only</source>
        <translation>Solo el campo</translation>
    </message>
    <message>
        <source>Contours: solid positive, dashed negative, levels at even steps up to the largest value</source>
        <translation>Contornos: continuos los positivos, discontinuos los negativos, niveles equiespaciados hasta el valor máximo</translation>
    </message>
    <message>
        <source>&amp;Globe</source>
        <translation>&amp;Globo</translation>
    </message>
    <message>
        <source>Show the field on a 3-D globe (drag to rotate, wheel to zoom, double-click to reset)</source>
        <translation>Mostrar el campo en un globo 3-D (arrastrar para girar, rueda para acercar, doble clic para restablecer)</translation>
    </message>
    <message>
        <source>Point at the map to read latitude, longitude and values</source>
        <translation>Señale el mapa para leer latitud, longitud y valores</translation>
    </message>
    <message>
        <source>value</source>
        <translation>valor</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>enmascarado</translation>
    </message>
    <message>
        <source>optimal input</source>
        <translation>entrada óptima</translation>
    </message>
    <message>
        <source>relevance</source>
        <translation>relevancia</translation>
    </message>
    <message>
        <source>attribution</source>
        <translation>atribución</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>No se puede calcular: %1</translation>
    </message>
    <message>
        <source>Plate Carrée</source>
        <translation>Plate Carrée</translation>
    </message>
    <message>
        <source>Central longitude of the map (225°E centres the Pacific, as in Toms et al. 2020)</source>
        <translation>Longitud central del mapa (225°E centra el Pacífico, como en Toms et al. 2020)</translation>
    </message>
    <message>
        <source>&amp;Levels:</source>
        <translation>&amp;Niveles:</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>automático</translation>
    </message>
    <message>
        <source>Contour levels: empty for 4 per sign at even steps, a number for that many per sign, or values separated by commas (e.g. 0.1, 0.2, 0.4)</source>
        <translation>Niveles de contorno: vacío para 4 por signo equiespaciados, un número para ese número por signo, o valores separados por comas (p. ej. 0.1, 0.2, 0.4)</translation>
    </message>
</context>
<context>
    <name>lantern::gui::MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the running computations</source>
        <translation>Detener los cálculos en curso</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>Error en «%1»: %2</translation>
    </message>
    <message>
        <source>Computing %1…</source>
        <translation>Calculando %1…</translation>
    </message>
    <message>
        <source>Open a model and samples to begin (File menu, or drop files on the window)</source>
        <translation>Abra un modelo y muestras para empezar (menú Archivo o arrastre archivos a la ventana)</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Muestras</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Explicación</translation>
    </message>
    <message>
        <source>Class probabilities</source>
        <translation>Probabilidades de clase</translation>
    </message>
    <message>
        <source>Model layers</source>
        <translation>Capas del modelo</translation>
    </message>
    <message>
        <source>Optimal input</source>
        <translation>Entrada óptima</translation>
    </message>
    <message>
        <source>Open samples to explain (File ▸ Open Samples)</source>
        <translation>Abra muestras para explicarlas (Archivo ▸ Abrir muestras)</translation>
    </message>
    <message>
        <source>Model %1 (%2): %3 layers, %4 classes</source>
        <translation>Modelo %1 (%2): %3 capas, %4 clases</translation>
    </message>
    <message>
        <source>Classifying %1 samples</source>
        <translation>Clasificando %1 muestras</translation>
    </message>
    <message>
        <source>%1 of %2 samples classified correctly (%3 %)</source>
        <translation>%1 de %2 muestras clasificadas correctamente (%3 %)</translation>
    </message>
    <message>
        <source>true: %1</source>
        <translation>real: %1</translation>
    </message>
    <message>
        <source>the model has no convolution layers</source>
        <translation>el modelo no tiene capas convolucionales</translation>
    </message>
    <message>
        <source>filter %1</source>
        <translation>filtro %1</translation>
    </message>
    <message>
        <source>Copied the view to the clipboard (%1 × %2 pixels)</source>
        <translation>Vista copiada al portapapeles (%1 × %2 píxeles)</translation>
    </message>
    <message>
        <source>About Lantern</source>
        <translation>Acerca de Lantern</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Lantern %1&lt;/h3&gt;&lt;p&gt;Shows why a neural network decided: saliency, relevance (LRP), attentive response maps, CLEAR and optimal inputs for ONNX and Keras models.&lt;/p&gt;&lt;p&gt;Engine: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Lantern %1&lt;/h3&gt;&lt;p&gt;Muestra por qué ha decidido una red neuronal: saliencia, relevancia (LRP), mapas de attentive response, CLEAR y entradas óptimas para modelos ONNX y Keras.&lt;/p&gt;&lt;p&gt;Motor: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>Abrir &amp;modelo…</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Abrir modelo</translation>
    </message>
    <message>
        <source>Models (*.onnx *.h5 *.hdf5 *.keras *.json);;ONNX (*.onnx);;Keras (*.h5 *.hdf5 *.json);;All files (*)</source>
        <translation>Modelos (*.onnx *.h5 *.hdf5 *.keras *.json);;ONNX (*.onnx);;Keras (*.h5 *.hdf5 *.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Weights for %1</source>
        <translation>Pesos para %1</translation>
    </message>
    <message>
        <source>HDF5 weights (*.h5 *.hdf5);;All files (*)</source>
        <translation>Pesos HDF5 (*.h5 *.hdf5);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Open &amp;Samples…</source>
        <translation>Abrir m&amp;uestras…</translation>
    </message>
    <message>
        <source>Open samples</source>
        <translation>Abrir muestras</translation>
    </message>
    <message>
        <source>Samples (*.png *.jpg *.jpeg *.bmp *.npy *.npz *.h5 *.hdf5 *-ubyte *-ubyte.gz *.idx);;All files (*)</source>
        <translation>Muestras (*.png *.jpg *.jpeg *.bmp *.npy *.npz *.h5 *.hdf5 *-ubyte *-ubyte.gz *.idx);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open Sample &amp;Folder…</source>
        <translation>Abrir carpeta de mues&amp;tras…</translation>
    </message>
    <message>
        <source>Open a folder of images</source>
        <translation>Abrir una carpeta de imágenes</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <source>Open Sessio&amp;n…</source>
        <translation>Abrir sesió&amp;n…</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Abrir sesión</translation>
    </message>
    <message>
        <source>Lantern sessions (*.lantern)</source>
        <translation>Sesiones de Lantern (*.lantern)</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Guardar sesión</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Guardar sesión</translation>
    </message>
    <message>
        <source>Save Session &amp;As…</source>
        <translation>Guardar sesión &amp;como…</translation>
    </message>
    <message>
        <source>&amp;Export Figure…</source>
        <translation>&amp;Exportar figura…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Copy View</source>
        <translation>Copiar &amp;vista</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>&amp;Navegar</translation>
    </message>
    <message>
        <source>Next Sample</source>
        <translation>Muestra siguiente</translation>
    </message>
    <message>
        <source>Alt+Right</source>
        <translation>Alt+Right</translation>
    </message>
    <message>
        <source>Previous Sample</source>
        <translation>Muestra anterior</translation>
    </message>
    <message>
        <source>Alt+Left</source>
        <translation>Alt+Left</translation>
    </message>
    <message>
        <source>Next Layer</source>
        <translation>Capa siguiente</translation>
    </message>
    <message>
        <source>Alt+Down</source>
        <translation>Alt+Down</translation>
    </message>
    <message>
        <source>Previous Layer</source>
        <translation>Capa anterior</translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <source>Next Method</source>
        <translation>Método siguiente</translation>
    </message>
    <message>
        <source>Ctrl+]</source>
        <translation>Ctrl+]</translation>
    </message>
    <message>
        <source>Previous Method</source>
        <translation>Método anterior</translation>
    </message>
    <message>
        <source>Ctrl+[</source>
        <translation>Ctrl+[</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Superposición</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Dominant Filter</source>
        <translation>Filtro dominante</translation>
    </message>
    <message>
        <source>CLEAR Classes</source>
        <translation>Clases CLEAR</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>Modo de &amp;presentación</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Full screen, large fonts, keyboard stepping (Esc leaves)</source>
        <translation>Pantalla completa, fuentes grandes, navegación con el teclado (Esc para salir)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <source>&amp;About Lantern</source>
        <translation>Acerca &amp;de Lantern</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>Cargando %1</translation>
    </message>
    <message>
        <source>Open a model first: samples are fitted to the model&apos;s input.</source>
        <translation>Abra primero un modelo: las muestras se ajustan a la entrada del modelo.</translation>
    </message>
    <message>
        <source>Loading samples</source>
        <translation>Cargando muestras</translation>
    </message>
    <message>
        <source>Session saved to %1</source>
        <translation>Sesión guardada en %1</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>Exportar figura</translation>
    </message>
    <message>
        <source>Open a model and samples first.</source>
        <translation>Abra primero un modelo y muestras.</translation>
    </message>
    <message>
        <source>Figures are made from one sample source; open the samples as one file or folder.</source>
        <translation>Las figuras se crean a partir de una sola fuente de muestras; abra las muestras como un único archivo o carpeta.</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>Exportando %1</translation>
    </message>
    <message>
        <source>Figure written to %1 (sidecar %2)</source>
        <translation>Figura guardada en %1 (archivo complementario %2)</translation>
    </message>
    <message>
        <source>The samples could not be loaded for this model:
%1

Open samples that fit it (File ▸ Open Samples).</source>
        <translation>No se pudieron cargar las muestras para este modelo:
%1

Abra muestras que le correspondan (Archivo ▸ Abrir muestras).</translation>
    </message>
    <message>
        <source>Open demo</source>
        <translation>Abrir demostración</translation>
    </message>
    <message>
        <source>The demo &apos;%1&apos; is not available</source>
        <translation>La demostración «%1» no está disponible</translation>
    </message>
    <message>
        <source>Demos</source>
        <translation>Demostraciones</translation>
    </message>
    <message>
        <source>Open a bundled model with samples:</source>
        <translation>Abrir un modelo incluido con sus muestras:</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>The session has changes that are not saved. Save them?</source>
        <translation>La sesión tiene cambios sin guardar. ¿Guardarlos?</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>capa %1</translation>
    </message>
    <message>
        <source>target class %1</source>
        <translation>clase objetivo %1</translation>
    </message>
    <message>
        <source>Settings for the previous model were reset: %1</source>
        <translation>Se restablecieron los ajustes del modelo anterior: %1</translation>
    </message>
    <message>
        <source>chosen class %1</source>
        <translation>clase elegida %1</translation>
    </message>
    <message>
        <source>predicted class %1</source>
        <translation>clase predicha %1</translation>
    </message>
    <message>
        <source>Filter %1 of %2: what it responds to (attentive response, %3)</source>
        <translation>Filtro %1 de %2: a qué responde (attentive response, %3)</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtro</translation>
    </message>
    <message>
        <source>&amp;Demos…</source>
        <translation>&amp;Demostraciones…</translation>
    </message>
    <message>
        <source>Open S&amp;tructure…</source>
        <translation>Abrir es&amp;tructura…</translation>
    </message>
    <message>
        <source>Crystal structures (CIF, POSCAR, XYZ, pymatgen JSON, Open Babel formats) in the materials workspace</source>
        <translation>Estructuras cristalinas (CIF, POSCAR, XYZ, JSON de pymatgen, formatos de Open Babel) en el espacio de materiales</translation>
    </message>
    <message>
        <source>Materials — Lantern</source>
        <translation>Materiales — Lantern</translation>
    </message>
    <message>
        <source>Open Crystal Structures</source>
        <translation>Abrir estructuras cristalinas</translation>
    </message>
    <message>
        <source>Crystal structures (%1);;All files (*)</source>
        <translation>Estructuras cristalinas (%1);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Open Snaps&amp;hots…</source>
        <translation>Abrir &amp;instantáneas…</translation>
    </message>
    <message>
        <source>A file recorded while training (lantern-cli train --snapshots, or the Train dialog)</source>
        <translation>Un archivo registrado durante el entrenamiento (lantern-cli train --snapshots o el diálogo de entrenamiento)</translation>
    </message>
    <message>
        <source>Open &amp;Attention Recording…</source>
        <translation>Abrir registro de &amp;atención…</translation>
    </message>
    <message>
        <source>CrabNet&apos;s Zarr attention store (.zip; drop a directory store on the window)</source>
        <translation>Almacén de atención Zarr de CrabNet (.zip; suelte un almacén de directorio en la ventana)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Entrenamiento</translation>
    </message>
    <message>
        <source>&amp;Train Model…</source>
        <translation>&amp;Entrenar modelo…</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>%1 — Snapshots — Lantern</source>
        <translation>%1 — Instantáneas — Lantern</translation>
    </message>
    <message>
        <source>%1 — Attention — Lantern</source>
        <translation>%1 — Atención — Lantern</translation>
    </message>
    <message>
        <source>Open CrabNet Attention Recording</source>
        <translation>Abrir registro de atención de CrabNet</translation>
    </message>
    <message>
        <source>CrabNet attention stores (*.zip);;All files (*)</source>
        <translation>Almacenes de atención de CrabNet (*.zip);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Open Snapshots</source>
        <translation>Abrir instantáneas</translation>
    </message>
    <message>
        <source>Snapshot files (*.h5 *.hdf5);;All files (*)</source>
        <translation>Archivos de instantáneas (*.h5 *.hdf5);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Export Snapshot Video</source>
        <translation>Exportar vídeo de instantáneas</translation>
    </message>
    <message>
        <source>Open a snapshot file first (File ▸ Open Snapshots…).</source>
        <translation>Abra primero un archivo de instantáneas (Archivo ▸ Abrir instantáneas…).</translation>
    </message>
    <message>
        <source>Writing %1</source>
        <translation>Escribiendo %1</translation>
    </message>
    <message>
        <source>%1: %2 frames, %3 × %4 (%5)</source>
        <translation>%1: %2 fotogramas, %3 × %4 (%5)</translation>
    </message>
    <message>
        <source>Training done: %1</source>
        <translation>Entrenamiento terminado: %1</translation>
    </message>
    <message>
        <source>Training done: %1; snapshots in %2 (File ▸ Open Recent)</source>
        <translation>Entrenamiento terminado: %1; instantáneas en %2 (Archivo ▸ Abrir reciente)</translation>
    </message>
    <message>
        <source>Export &amp;Video…</source>
        <translation>Exportar &amp;vídeo…</translation>
    </message>
    <message>
        <source>MP4 or GIF of the snapshot scrubber&apos;s probe or the attention workspace&apos;s sample over training</source>
        <translation>MP4 o GIF de la muestra de prueba del explorador de instantáneas o de la muestra del espacio de atención a lo largo del entrenamiento</translation>
    </message>
    <message>
        <source>Export Video</source>
        <translation>Exportar vídeo</translation>
    </message>
    <message>
        <source>Open a CrabNet attention store first (File ▸ Open Attention Recording…).</source>
        <translation>Abra primero un almacén de atención de CrabNet (Archivo ▸ Abrir registro de atención…).</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Capa %1</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>Escrito: %1</translation>
    </message>
</context>
<context>
    <name>lantern::gui::MaterialsWorkspace</name>
    <message numerus="yes">
        <source>%n atoms</source>
        <translation>
            <numerusform>%n átomo</numerusform>
            <numerusform>%n átomos</numerusform>
        </translation>
    </message>
    <message>
        <source>no unit cell (a cluster)</source>
        <translation>sin celda unidad (un cúmulo)</translation>
    </message>
    <message>
        <source>Structures</source>
        <translation>Estructuras</translation>
    </message>
    <message>
        <source>Add a prototype…</source>
        <translation>Añadir un prototipo…</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>Defectos</translation>
    </message>
    <message>
        <source>The conv layer whose strongest filters are back-projected onto the fingerprint</source>
        <translation>La capa convolucional cuyos filtros más fuertes se retroproyectan sobre la huella</translation>
    </message>
    <message>
        <source>Export ai4materials Figure…</source>
        <translation>Exportar figura de ai4materials…</translation>
    </message>
    <message>
        <source>Input | the top 4 maps of every conv layer | the sum of the last one, per fingerprint channel</source>
        <translation>Entrada | los 4 mapas principales de cada capa convolucional | la suma de la última, por canal de la huella</translation>
    </message>
    <message>
        <source>Attentive response maps of</source>
        <translation>Mapas de respuesta atenta de</translation>
    </message>
    <message>
        <source>Open Model…</source>
        <translation>Abrir modelo…</translation>
    </message>
    <message>
        <source>CNN prediction</source>
        <translation>Predicción de la CNN</translation>
    </message>
    <message>
        <source>spglib (symprec 10⁻³ Å)</source>
        <translation>spglib (symprec 10⁻³ Å)</translation>
    </message>
    <message>
        <source>Open a Fingerprint Model</source>
        <translation>Abrir un modelo de huellas</translation>
    </message>
    <message>
        <source>Models (*.onnx *.h5 *.hdf5 *.keras)</source>
        <translation>Modelos (*.onnx *.h5 *.hdf5 *.keras)</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 falló: %2</translation>
    </message>
    <message>
        <source>No model: fingerprints and space groups only</source>
        <translation>Sin modelo: solo huellas y grupos espaciales</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n structure(s)</source>
        <translation>
            <numerusform>Leyendo %n estructura</numerusform>
            <numerusform>Leyendo %n estructuras</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>Cargando %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modelo: %1</translation>
    </message>
    <message>
        <source>Analysing %1</source>
        <translation>Analizando %1</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 (%2)%3</source>
        <translation>%1 (%2)%3</translation>
    </message>
    <message>
        <source>no space group found</source>
        <translation>no se encontró grupo espacial</translation>
    </message>
    <message>
        <source>no unit cell</source>
        <translation>sin celda unidad</translation>
    </message>
    <message numerus="yes">
        <source>%n atoms · fingerprint %1 ms · CNN and maps %2 ms · spglib %3 ms</source>
        <translation>
            <numerusform>%n átomo · huella %1 ms · CNN y mapas %2 ms · spglib %3 ms</numerusform>
            <numerusform>%n átomos · huella %1 ms · CNN y mapas %2 ms · spglib %3 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>Exportar figura</translation>
    </message>
    <message>
        <source>There are no attentive response maps to export yet</source>
        <translation>Aún no hay mapas de respuesta atenta que exportar</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n atoms): predicted %2 (%3 %)</source>
        <translation>
            <numerusform>%1 (%n átomo): predicho %2 (%3 %)</numerusform>
            <numerusform>%1 (%n átomos): predicho %2 (%3 %)</numerusform>
        </translation>
    </message>
    <message>
        <source>R: about x</source>
        <translation>R: alrededor de x</translation>
    </message>
    <message>
        <source>G: about y</source>
        <translation>G: alrededor de y</translation>
    </message>
    <message>
        <source>B: about z</source>
        <translation>B: alrededor de z</translation>
    </message>
    <message>
        <source>Figure written to %1</source>
        <translation>Figura escrita en %1</translation>
    </message>
    <message>
        <source>Export ai4materials Figure</source>
        <translation>Exportar figura de ai4materials</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>Imagen PNG (*.png);;Dibujo SVG (*.svg);;Documento PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ModelPanel</name>
    <message>
        <source>How many of the most activated filters are highlighted and back-projected</source>
        <translation>Cuántos de los filtros más activados se resaltan y se retroproyectan</translation>
    </message>
    <message>
        <source>Top-n filters</source>
        <translation>n filtros principales</translation>
    </message>
    <message>
        <source>Select a layer to see its activations</source>
        <translation>Seleccione una capa para ver sus activaciones</translation>
    </message>
    <message>
        <source>Computing activations of %1…</source>
        <translation>Calculando las activaciones de %1…</translation>
    </message>
    <message>
        <source>Activations of %1</source>
        <translation>Activaciones de %1</translation>
    </message>
    <message>
        <source>%1 has no activation to show</source>
        <translation>%1 no tiene activaciones que mostrar</translation>
    </message>
    <message>
        <source>%1: %2 channels, ranked by summed activation</source>
        <translation>%1: %2 canales, ordenados por activación sumada</translation>
    </message>
    <message>
        <source>%1: %2 channels, ranked by summed activation (as attentive response ranks them); click one for its attentive response</source>
        <translation>%1: %2 canales, ordenados por activación sumada (como los ordena attentive response); haga clic en uno para ver su mapa de attentive response</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 falló: %2</translation>
    </message>
    <message>
        <source>Open samples to see a layer&apos;s activations</source>
        <translation>Abra muestras para ver las activaciones de una capa</translation>
    </message>
</context>
<context>
    <name>lantern::gui::OptimalInputPanel</name>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Maximize the logit</source>
        <translation>Maximizar el logit</translation>
    </message>
    <message>
        <source>Reach probability 0.99</source>
        <translation>Alcanzar probabilidad 0,99</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>Iteraciones</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>Penalización L2</translation>
    </message>
    <message>
        <source>Total variation</source>
        <translation>Variación total</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Jitter</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Blur every</source>
        <translation>Desenfocar cada</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <source>The optimized input appears here</source>
        <translation>Aquí aparece la entrada optimizada</translation>
    </message>
    <message>
        <source>Target probability: –</source>
        <translation>Probabilidad objetivo: –</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>iteration %1</source>
        <translation>iteración %1</translation>
    </message>
    <message>
        <source>Target probability: %1</source>
        <translation>Probabilidad objetivo: %1</translation>
    </message>
    <message>
        <source>Optimal input</source>
        <translation>Entrada óptima</translation>
    </message>
    <message>
        <source>Cancelled at probability %1</source>
        <translation>Cancelado con probabilidad %1</translation>
    </message>
    <message>
        <source>Step size</source>
        <translation>Tamaño de paso</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>iteración</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>probabilidad</translation>
    </message>
    <message>
        <source>target probability</source>
        <translation>probabilidad objetivo</translation>
    </message>
</context>
<context>
    <name>lantern::gui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Se aplica tras reiniciar.</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Interfaz</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>Custom scale</source>
        <translation>Escala personalizada</translation>
    </message>
    <message>
        <source>Without a custom scale, images and 8-bit IDX files are scaled by 1/255 and arrays are used as they are.</source>
        <translation>Sin escala personalizada, las imágenes y los archivos IDX de 8 bits se escalan por 1/255 y los arrays se usan tal cual.</translation>
    </message>
    <message>
        <source>none, e.g. 0.5 or 0.485, 0.456, 0.406</source>
        <translation>ninguna, p. ej. 0.5 o 0.485, 0.456, 0.406</translation>
    </message>
    <message>
        <source>none, e.g. 0.5 or 0.229, 0.224, 0.225</source>
        <translation>ninguna, p. ej. 0.5 o 0.229, 0.224, 0.225</translation>
    </message>
    <message>
        <source>Applied after scaling, per channel: (value − mean) / std. One value applies to every channel; otherwise give one per channel, separated by commas.</source>
        <translation>Se aplica tras el escalado, por canal: (valor − media) / desviación típica. Un solo valor se aplica a todos los canales; si no, indique uno por canal, separados por comas.</translation>
    </message>
    <message>
        <source>Feed colour images in BGR channel order (Caffe-style models)</source>
        <translation>Pasar las imágenes en color en orden de canales BGR (modelos al estilo de Caffe)</translation>
    </message>
    <message>
        <source>Stretch to the input size</source>
        <translation>Estirar al tamaño de la entrada</translation>
    </message>
    <message>
        <source>Fit inside, pad with black</source>
        <translation>Encajar dentro, rellenar con negro</translation>
    </message>
    <message>
        <source>Cover, crop the centre</source>
        <translation>Cubrir, recortar el centro</translation>
    </message>
    <message>
        <source>Preprocessing of the current model&apos;s samples</source>
        <translation>Preprocesamiento de las muestras del modelo actual</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>Escala:</translation>
    </message>
    <message>
        <source>Mean:</source>
        <translation>Media:</translation>
    </message>
    <message>
        <source>Std:</source>
        <translation>Desv. típica:</translation>
    </message>
    <message>
        <source>Resize images:</source>
        <translation>Redimensionar imágenes:</translation>
    </message>
    <message>
        <source>Mean must be numbers separated by commas, e.g. 0.485, 0.456, 0.406.</source>
        <translation>La media debe ser una lista de números separados por comas, p. ej. 0.485, 0.456, 0.406.</translation>
    </message>
    <message>
        <source>Std must be numbers separated by commas, e.g. 0.229, 0.224, 0.225.</source>
        <translation>La desviación típica debe ser una lista de números separados por comas, p. ej. 0.229, 0.224, 0.225.</translation>
    </message>
    <message>
        <source>Std values must be greater than zero.</source>
        <translation>Los valores de la desviación típica deben ser mayores que cero.</translation>
    </message>
    <message>
        <source>Mean has %1 values and std %2; give both one value per channel.</source>
        <translation>La media tiene %1 valores y la desviación típica %2; indique para ambas un valor por canal.</translation>
    </message>
</context>
<context>
    <name>lantern::gui::PresentationMode</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;presentation mode on/off&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;← →&lt;/b&gt;, Space&lt;/td&gt;&lt;td&gt;previous/next sample (presentation mode; Alt+←/→ anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;↑ ↓&lt;/b&gt;&lt;/td&gt;&lt;td&gt;previous/next layer (presentation mode; Alt+↑/↓ anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;M&lt;/b&gt;, &lt;b&gt;N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;next/previous method (Ctrl+] / Ctrl+[ anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;1–5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;overlay, summary, dominant filter, CLEAR, filter (Ctrl+1–5 anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;leave presentation mode&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;export figure&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+C&lt;/b&gt;&lt;/td&gt;&lt;td&gt;copy the view&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;activar/desactivar el modo de presentación&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;← →&lt;/b&gt;, Espacio&lt;/td&gt;&lt;td&gt;muestra anterior/siguiente (modo de presentación; Alt+←/→ en cualquier lugar)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;↑ ↓&lt;/b&gt;&lt;/td&gt;&lt;td&gt;capa anterior/siguiente (modo de presentación; Alt+↑/↓ en cualquier lugar)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;M&lt;/b&gt;, &lt;b&gt;N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;método siguiente/anterior (Ctrl+] / Ctrl+[ en cualquier lugar)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;1–5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;superposición, resumen, filtro dominante, CLEAR, filtro (Ctrl+1–5 en cualquier lugar)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;salir del modo de presentación&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;exportar figura&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+C&lt;/b&gt;&lt;/td&gt;&lt;td&gt;copiar la vista&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ResponseGallery</name>
    <message>
        <source>Open a model that takes fingerprints to see its attentive response maps</source>
        <translation>Abra un modelo que acepte huellas para ver sus mapas de respuesta atenta</translation>
    </message>
    <message>
        <source>Open a structure to see its fingerprint and attentive response maps</source>
        <translation>Abra una estructura para ver su huella y sus mapas de respuesta atenta</translation>
    </message>
    <message>
        <source>rotation about z</source>
        <translation>giro alrededor de z</translation>
    </message>
    <message>
        <source>rotation about x</source>
        <translation>giro alrededor de x</translation>
    </message>
    <message>
        <source>rotation about y</source>
        <translation>giro alrededor de y</translation>
    </message>
    <message>
        <source>input</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source>filter %1</source>
        <translation>filtro %1</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>suma</translation>
    </message>
    <message>
        <source>dominant</source>
        <translation>dominante</translation>
    </message>
</context>
<context>
    <name>lantern::gui::SamplePanel</name>
    <message>
        <source>Filter: formula text or elements (Ti O)</source>
        <translation>Filtro: texto de la fórmula o elementos (Ti O)</translation>
    </message>
    <message>
        <source>Element symbols separated by spaces keep the samples that hold all of them; any other text matches part of the formula</source>
        <translation>Los símbolos de elementos separados por espacios conservan las muestras que los contienen todos; cualquier otro texto coincide con parte de la fórmula</translation>
    </message>
    <message>
        <source>Formula</source>
        <translation>Fórmula</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Elem.</source>
        <translation>Elem.</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Line of the formulae CSV (the header is line 1)</source>
        <translation>Línea del CSV de fórmulas (la cabecera es la línea 1)</translation>
    </message>
    <message>
        <source>Number of elements CrabNet saw</source>
        <translation>Número de elementos que vio CrabNet</translation>
    </message>
    <message>
        <source>The sample&apos;s target value</source>
        <translation>El valor objetivo de la muestra</translation>
    </message>
    <message>
        <source>Sample %1 · CrabNet&apos;s order: %2</source>
        <translation>Muestra %1 · orden de CrabNet: %2</translation>
    </message>
    <message>
        <source>%1 (+%2 cut)</source>
        <translation>%1 (+%2 recortados)</translation>
    </message>
    <message>
        <source>CrabNet kept the first %1 elements of this formula</source>
        <translation>CrabNet conservó los primeros %1 elementos de esta fórmula</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n sample(s)</source>
        <translation>
            <numerusform>%1 de %n muestra</numerusform>
            <numerusform>%1 de %n muestras</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lantern::gui::SnapshotsWorkspace</name>
    <message>
        <source>Open a snapshot file (File ▸ Open Snapshots…)</source>
        <translation>Abra un archivo de instantáneas (Archivo ▸ Abrir instantáneas…)</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>Abriendo %1</translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modelo: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n probe(s) from %1</source>
        <translation>
            <numerusform>%n muestra de prueba de %1</numerusform>
            <numerusform>%n muestras de prueba de %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n frame(s)</source>
        <translation>
            <numerusform>%1: %n fotograma</numerusform>
            <numerusform>%1: %n fotogramas</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading probe %1</source>
        <translation>Leyendo la muestra de prueba %1</translation>
    </message>
    <message>
        <source>%1 (true class)</source>
        <translation>%1 (clase real)</translation>
    </message>
    <message>
        <source>Class probabilities of probe #%1 over training; &lt;span style=&quot;color:#d62728&quot;&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/span&gt; is its true class</source>
        <translation>Probabilidades de clase de la muestra de prueba #%1 durante el entrenamiento; &lt;span style=&quot;color:#d62728&quot;&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/span&gt; es su clase real</translation>
    </message>
    <message>
        <source>Class probabilities of probe #%1 over training</source>
        <translation>Probabilidades de clase de la muestra de prueba #%1 durante el entrenamiento</translation>
    </message>
    <message>
        <source>%1: filters %2</source>
        <translation>%1: filtros %2</translation>
    </message>
    <message>
        <source>maps</source>
        <translation>mapas</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — predicted &lt;b&gt;%2&lt;/b&gt; (%3%)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — predicción &lt;b&gt;%2&lt;/b&gt; (%3 %)</translation>
    </message>
    <message>
        <source>, correct</source>
        <translation>, correcta</translation>
    </message>
    <message>
        <source>, true class %1 (%2%)</source>
        <translation>, clase real %1 (%2 %)</translation>
    </message>
    <message>
        <source> · validation accuracy %1%</source>
        <translation> · exactitud de validación %1 %</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>paso %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>época %1</translation>
    </message>
    <message>
        <source>training</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validación</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>Mapa:</translation>
    </message>
    <message>
        <source>Export Video…</source>
        <translation>Exportar vídeo…</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>probabilidad</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>exactitud</translation>
    </message>
    <message>
        <source>training batch</source>
        <translation>lote de entrenamiento</translation>
    </message>
    <message>
        <source>Loss and accuracy: &lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;training&lt;/b&gt;&lt;/span&gt; (faint: single batches), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;validation&lt;/b&gt;&lt;/span&gt;</source>
        <translation>Pérdida y exactitud: &lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;entrenamiento&lt;/b&gt;&lt;/span&gt; (tenue: lotes individuales), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;validación&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Optimizer: %1</source>
        <translation>Optimizador: %1</translation>
    </message>
    <message>
        <source>Learning rate: %1</source>
        <translation>Tasa de aprendizaje: %1</translation>
    </message>
    <message>
        <source>Batch size: %1</source>
        <translation>Tamaño de lote: %1</translation>
    </message>
    <message>
        <source>Seed: %1</source>
        <translation>Semilla: %1</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Instantáneas</translation>
    </message>
    <message>
        <source>Frame %1 cannot be shown: %2</source>
        <translation>No se puede mostrar el fotograma %1: %2</translation>
    </message>
</context>
<context>
    <name>lantern::gui::StartPage</name>
    <message>
        <source>No demos found (resources/demo is missing)</source>
        <translation>No se encontraron demostraciones (falta resources/demo)</translation>
    </message>
    <message>
        <source>Lantern</source>
        <translation>Lantern</translation>
    </message>
    <message>
        <source>See why a neural network decided: open a trained model (ONNX or Keras) and samples, then step through saliency, relevance (LRP), attentive response maps and optimal inputs.</source>
        <translation>Vea por qué decidió una red neuronal: abra un modelo entrenado (ONNX o Keras) y muestras, y recorra la saliencia, la relevancia (LRP), los mapas de attentive response y las entradas óptimas.</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>Abrir &amp;modelo…</translation>
    </message>
    <message>
        <source>Open &amp;Samples…</source>
        <translation>Abrir m&amp;uestras…</translation>
    </message>
    <message>
        <source>Open Sessio&amp;n…</source>
        <translation>Abrir sesió&amp;n…</translation>
    </message>
    <message>
        <source>ONNX, Keras .h5, or a Keras 1 JSON architecture with its weights</source>
        <translation>ONNX, Keras .h5 o una arquitectura JSON de Keras 1 con sus pesos</translation>
    </message>
    <message>
        <source>Images or a folder of them, .npy, .npz, .h5, IDX; open the model first</source>
        <translation>Imágenes o una carpeta de ellas, .npy, .npz, .h5, IDX; abra primero el modelo</translation>
    </message>
    <message>
        <source>A .lantern session: model, samples and what was on screen</source>
        <translation>Una sesión .lantern: modelo, muestras y lo que estaba en pantalla</translation>
    </message>
    <message>
        <source>Demos</source>
        <translation>Demostraciones</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>Archivos recientes</translation>
    </message>
    <message>
        <source>Files you open appear here.</source>
        <translation>Los archivos que abra aparecen aquí.</translation>
    </message>
    <message>
        <source>You can also drop files on the window. Help ▸ Demos lists the demos again later.</source>
        <translation>También puede soltar archivos en la ventana. Ayuda ▸ Demostraciones vuelve a mostrar las demostraciones.</translation>
    </message>
</context>
<context>
    <name>lantern::gui::TaskRunner</name>
    <message>
        <source>unknown error</source>
        <translation>error desconocido</translation>
    </message>
</context>
<context>
    <name>lantern::gui::TrainDialog</name>
    <message>
        <source>Train Model</source>
        <translation>Entrenar modelo</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>exactitud</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Entrenar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Cancel Training</source>
        <translation>Cancelar entrenamiento</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Arrays (*.npy *.npz *.h5 *.hdf5 *-ubyte *.gz);;All files (*)</source>
        <translation>Arrays (*.npy *.npz *.h5 *.hdf5 *-ubyte *.gz);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arquitectura</translation>
    </message>
    <message>
        <source>A built-in architecture; mlp:H1,H2,… takes its inputs and classes from the data</source>
        <translation>Una arquitectura integrada; mlp:H1,H2,… toma sus entradas y clases de los datos</translation>
    </message>
    <message>
        <source>or an ONNX / Keras file</source>
        <translation>o un archivo ONNX / Keras</translation>
    </message>
    <message>
        <source>Keep the file&apos;s weights (otherwise re-initialise)</source>
        <translation>Conservar los pesos del archivo (si no, reinicializar)</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Predefinida:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Archivo:</translation>
    </message>
    <message>
        <source>Models (*.onnx *.h5 *.hdf5 *.keras *.json)</source>
        <translation>Modelos (*.onnx *.h5 *.hdf5 *.keras *.json)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>folder with train-/t10k- IDX files</source>
        <translation>carpeta con archivos IDX train-/t10k-</translation>
    </message>
    <message>
        <source>(from the folder)</source>
        <translation>(de la carpeta)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>todas</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Carpeta:</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Carpeta de datos</translation>
    </message>
    <message>
        <source>Training images:</source>
        <translation>Imágenes de entrenamiento:</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>Imágenes de entrenamiento</translation>
    </message>
    <message>
        <source>Training labels:</source>
        <translation>Etiquetas de entrenamiento:</translation>
    </message>
    <message>
        <source>Training labels</source>
        <translation>Etiquetas de entrenamiento</translation>
    </message>
    <message>
        <source>Test images:</source>
        <translation>Imágenes de prueba:</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>Imágenes de prueba</translation>
    </message>
    <message>
        <source>Test labels:</source>
        <translation>Etiquetas de prueba:</translation>
    </message>
    <message>
        <source>Test labels</source>
        <translation>Etiquetas de prueba</translation>
    </message>
    <message>
        <source>Training samples:</source>
        <translation>Muestras de entrenamiento:</translation>
    </message>
    <message>
        <source>Validation fraction:</source>
        <translation>Fracción de validación:</translation>
    </message>
    <message>
        <source>Optimization</source>
        <translation>Optimización</translation>
    </message>
    <message>
        <source>The learning rate is multiplied by this after every epoch</source>
        <translation>La tasa de aprendizaje se multiplica por este valor tras cada época</translation>
    </message>
    <message>
        <source>A factor for every weight, or per layer: fc1=25,fc2=0.01</source>
        <translation>Un factor para todos los pesos o por capa: fc1=25,fc2=0.01</translation>
    </message>
    <message>
        <source>w0,w1,… or balanced</source>
        <translation>w0,w1,… o balanced</translation>
    </message>
    <message>
        <source>name0,name1,… (stored in the ONNX model)</source>
        <translation>name0,name1,… (se guardan en el modelo ONNX)</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>Optimizador:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Tasa de aprendizaje:</translation>
    </message>
    <message>
        <source>Decay per epoch:</source>
        <translation>Decaimiento por época:</translation>
    </message>
    <message>
        <source>SGD momentum:</source>
        <translation>Momento de SGD:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Tamaño de lote:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Épocas:</translation>
    </message>
    <message>
        <source>L1:</source>
        <translation>L1:</translation>
    </message>
    <message>
        <source>L2:</source>
        <translation>L2:</translation>
    </message>
    <message>
        <source>Class weights:</source>
        <translation>Pesos de clase:</translation>
    </message>
    <message>
        <source>Class names:</source>
        <translation>Nombres de clase:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modelo:</translation>
    </message>
    <message>
        <source>Trained model</source>
        <translation>Modelo entrenado</translation>
    </message>
    <message>
        <source>ONNX (*.onnx);;Weights (*.npz)</source>
        <translation>ONNX (*.onnx);;Pesos (*.npz)</translation>
    </message>
    <message>
        <source>Record snapshots</source>
        <translation>Registrar instantáneas</translation>
    </message>
    <message>
        <source>&apos;epoch&apos;, or a number of optimizer steps</source>
        <translation>&apos;epoch&apos; o un número de pasos del optimizador</translation>
    </message>
    <message>
        <source>Explanation methods, comma-separated: attentive-response, grad, smoothgrad, grad-cam, lrp-epsilon, …; &apos;none&apos; for predictions and curves only</source>
        <translation>Métodos de explicación, separados por comas: attentive-response, grad, smoothgrad, grad-cam, lrp-epsilon, …; &apos;none&apos; para solo predicciones y curvas</translation>
    </message>
    <message>
        <source>layer names, e.g. an attention Softmax</source>
        <translation>nombres de capa, p. ej. un Softmax de atención</translation>
    </message>
    <message>
        <source>Every weight at every snapshot</source>
        <translation>Todos los pesos en cada instantánea</translation>
    </message>
    <message>
        <source>Snapshot file</source>
        <translation>Archivo de instantáneas</translation>
    </message>
    <message>
        <source>HDF5 (*.h5)</source>
        <translation>HDF5 (*.h5)</translation>
    </message>
    <message>
        <source>Every:</source>
        <translation>Cada:</translation>
    </message>
    <message>
        <source>Probe samples:</source>
        <translation>Muestras de prueba:</translation>
    </message>
    <message>
        <source>Methods:</source>
        <translation>Métodos:</translation>
    </message>
    <message>
        <source>Activations:</source>
        <translation>Activaciones:</translation>
    </message>
    <message>
        <source>Top filters:</source>
        <translation>Filtros principales:</translation>
    </message>
    <message>
        <source>training</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validación</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, batch %3 of %4, loss %5</source>
        <translation>Época %1 de %2, lote %3 de %4, pérdida %5</translation>
    </message>
    <message>
        <source>snapshot %1 saved</source>
        <translation>instantánea %1 guardada</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Terminado.</translation>
    </message>
    <message>
        <source>Cancelled; the snapshot file keeps every frame recorded.</source>
        <translation>Cancelado; el archivo de instantáneas conserva todos los fotogramas registrados.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>En pausa.</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;training&lt;/b&gt;&lt;/span&gt; (running mean over the epoch), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;validation&lt;/b&gt;&lt;/span&gt; (the test set, or the validation fraction)</source>
        <translation>&lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;entrenamiento&lt;/b&gt;&lt;/span&gt; (media móvil de la época), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;validación&lt;/b&gt;&lt;/span&gt; (el conjunto de prueba o la fracción de validación)</translation>
    </message>
    <message>
        <source>%1 exists. Replace it with this run&apos;s?</source>
        <translation>%1 ya existe. ¿Reemplazarlo con el de esta ejecución?</translation>
    </message>
</context>
<context>
    <name>lantern::gui::VideoExportDialog</name>
    <message>
        <source>Export Snapshot Video</source>
        <translation>Exportar vídeo de instantáneas</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <source>File (.mp4, .gif):</source>
        <translation>Archivo (.mp4, .gif):</translation>
    </message>
    <message>
        <source>Frame rate:</source>
        <translation>Velocidad de fotogramas:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Tamaño:</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>Mapa:</translation>
    </message>
    <message>
        <source>Frames (first, last):</source>
        <translation>Fotogramas (primero, último):</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4);;Animated GIF (*.gif)</source>
        <translation>Vídeo MP4 (*.mp4);;GIF animado (*.gif)</translation>
    </message>
    <message>
        <source>The scrubber&apos;s panels</source>
        <translation>Los paneles del reproductor</translation>
    </message>
    <message>
        <source>The probe with its map</source>
        <translation>La muestra de prueba con su mapa</translation>
    </message>
    <message>
        <source>Every layer&apos;s map</source>
        <translation>El mapa de cada capa</translation>
    </message>
    <message>
        <source>Panels:</source>
        <translation>Paneles:</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::ActivationGrid</name>
    <message>
        <source>%1, channel %2
mean %3</source>
        <translation>%1, canal %2
media %3</translation>
    </message>
    <message>
        <source>range %1 to %2 (%3 × %4)</source>
        <translation>rango de %1 a %2 (%3 × %4)</translation>
    </message>
    <message>
        <source>rank %1 of %2</source>
        <translation>puesto %1 de %2</translation>
    </message>
    <message>
        <source>No layer selected</source>
        <translation>Ninguna capa seleccionada</translation>
    </message>
    <message>
        <source>No activations for %1</source>
        <translation>Sin activaciones para %1</translation>
    </message>
    <message>
        <source>#%1  %2</source>
        <translation>#%1  %2</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::AttentionMatrix</name>
    <message>
        <source>Head %1</source>
        <translation>Cabeza %1</translation>
    </message>
    <message>
        <source>%1: %2 → %3: absent pair</source>
        <translation>%1: %2 → %3: par ausente</translation>
    </message>
    <message>
        <source>%1: %2 attends to %3: %4</source>
        <translation>%1: %2 atiende a %3: %4</translation>
    </message>
    <message>
        <source>No attention frame</source>
        <translation>Ningún fotograma de atención</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>atención</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::CrystalView</name>
    <message>
        <source>Drag to rotate, wheel to zoom, double-click to reset</source>
        <translation>Arrastre para girar, rueda para ampliar, doble clic para restablecer</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::GeoMapView</name>
    <message>
        <source>No gridded field loaded</source>
        <translation>No hay ningún campo en rejilla cargado</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calculando…</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::GlobeView</name>
    <message>
        <source>Drag to rotate, wheel to zoom, double-click to reset</source>
        <translation>Arrastrar para girar, rueda para acercar, doble clic para restablecer</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::LayerList</name>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>Forma de salida</translation>
    </message>
    <message>
        <source>Only spatial layers</source>
        <translation>Solo capas espaciales</translation>
    </message>
    <message>
        <source>List only layers whose output has height and width (convolution-like)</source>
        <translation>Mostrar solo las capas cuya salida tiene alto y ancho (tipo convolución)</translation>
    </message>
    <message>
        <source>%1 (%2) → %3</source>
        <translation>%1 (%2) → %3</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::MapGrid</name>
    <message>
        <source>Nothing to show</source>
        <translation>Nada que mostrar</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>range %1 … %2</source>
        <translation>rango %1 … %2</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::OverlayView</name>
    <message>
        <source>No image</source>
        <translation>Sin imagen</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calculando…</translation>
    </message>
    <message>
        <source>x %1, y %2: %3</source>
        <translation>x %1, y %2: %3</translation>
    </message>
    <message>
        <source>x %1, y %2</source>
        <translation>x %1, y %2</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::ProbabilityChart</name>
    <message>
        <source>No prediction</source>
        <translation>Sin predicción</translation>
    </message>
    <message numerus="yes">
        <source>… %n more classes</source>
        <translation>
            <numerusform>… %n clase más</numerusform>
            <numerusform>… %n clases más</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lantern::widgets::SampleBrowser</name>
    <message>
        <source>Show one class (the label, or the prediction for unlabelled samples)</source>
        <translation>Mostrar una clase (la etiqueta o, en muestras sin etiqueta, la predicción)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Correctas</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>Mal clasificadas</translation>
    </message>
    <message>
        <source>Show correctly classified or misclassified samples</source>
        <translation>Mostrar las muestras bien o mal clasificadas</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Lowest confidence of the prediction</source>
        <translation>Confianza mínima de la predicción</translation>
    </message>
    <message>
        <source>Highest confidence of the prediction</source>
        <translation>Confianza máxima de la predicción</translation>
    </message>
    <message>
        <source>Search names</source>
        <translation>Buscar nombres</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>Todas las clases</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 samples</source>
        <translation>
            <numerusform>%1 de %2 muestra</numerusform>
            <numerusform>%1 de %2 muestras</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lantern::widgets::SampleDelegate</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>correcta</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::SampleListModel</name>
    <message>
        <source>class %1</source>
        <translation>clase %1</translation>
    </message>
    <message>
        <source>Label: %1</source>
        <translation>Etiqueta: %1</translation>
    </message>
    <message>
        <source>Predicted: %1 (%2 %)</source>
        <translation>Predicción: %1 (%2 %)</translation>
    </message>
    <message>
        <source>Predicted: %1</source>
        <translation>Predicción: %1</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::Timeline</name>
    <message>
        <source>no frames</source>
        <translation>sin fotogramas</translation>
    </message>
    <message>
        <source>%1 (%2 / %3)</source>
        <translation>%1 (%2 / %3)</translation>
    </message>
    <message>
        <source>First frame (Home)</source>
        <translation>Primer fotograma (Inicio)</translation>
    </message>
    <message>
        <source>Previous frame (Left)</source>
        <translation>Fotograma anterior (Izquierda)</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>Pausa (Espacio)</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>Reproducir (Espacio)</translation>
    </message>
    <message>
        <source>Next frame (Right)</source>
        <translation>Fotograma siguiente (Derecha)</translation>
    </message>
    <message>
        <source>Last frame (End)</source>
        <translation>Último fotograma (Fin)</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Bucle</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Velocidad de reproducción</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Lantern: see why a neural network decided</source>
        <translation>Lantern: vea por qué ha decidido una red neuronal</translation>
    </message>
    <message>
        <source>Open the bundled demo model and samples</source>
        <translation>Abrir el modelo de demostración y las muestras incluidos</translation>
    </message>
    <message>
        <source>HDF5 weights for a Keras 1 JSON architecture</source>
        <translation>Pesos HDF5 para una arquitectura JSON de Keras 1</translation>
    </message>
    <message>
        <source>Start in presentation mode</source>
        <translation>Iniciar en modo de presentación</translation>
    </message>
    <message>
        <source>Save a PNG of the window once the first map is shown, then quit</source>
        <translation>Guardar un PNG de la ventana en cuanto se muestre el primer mapa y salir</translation>
    </message>
    <message>
        <source>Start in a view: overlay, summary, dominant or clear</source>
        <translation>Iniciar en una vista: overlay, summary, dominant o clear</translation>
    </message>
    <message>
        <source>Start with this method</source>
        <translation>Iniciar con este método</translation>
    </message>
    <message>
        <source>Start at this sample index</source>
        <translation>Iniciar en este índice de muestra</translation>
    </message>
    <message>
        <source>A session (.lantern), a model, then samples</source>
        <translation>Una sesión (.lantern), un modelo y después muestras</translation>
    </message>
    <message>
        <source>Gridded samples: start on the 3-D globe instead of the map</source>
        <translation>Campos en rejilla: empezar en el globo 3-D en lugar del mapa</translation>
    </message>
    <message>
        <source>Open a bundled demo by name (fmnist, enso)</source>
        <translation>Abrir una demo incluida por su nombre (fmnist, enso)</translation>
    </message>
    <message>
        <source>no bundled demo named &apos;%1&apos;</source>
        <translation>no hay ninguna demo incluida llamada &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Snapshot files: show this frame (default: the last)</source>
        <translation>Archivos de instantáneas: mostrar este fotograma (predeterminado: el último)</translation>
    </message>
</context>
</TS>
