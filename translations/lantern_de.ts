<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AttentionFrames</name>
    <message>
        <source>%1 · layer %2 · epoch %3 of %4</source>
        <translation>%1 · Schicht %2 · Epoche %3 von %4</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>Head %1</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>Attention</translation>
    </message>
</context>
<context>
    <name>AttentionWorkspace</name>
    <message>
        <source>layer %1 skipped: its size differs from layer %2</source>
        <translation>Schicht %1 übersprungen: Ihre Größe weicht von Schicht %2 ab</translation>
    </message>
    <message>
        <source>%1 skipped: its size differs from %2</source>
        <translation>%1 übersprungen: Die Größe weicht von %2 ab</translation>
    </message>
    <message>
        <source>%1 skipped: %2</source>
        <translation>%1 übersprungen: %2</translation>
    </message>
    <message>
        <source>pred_data.npz not used: %1</source>
        <translation>pred_data.npz nicht verwendet: %1</translation>
    </message>
</context>
<context>
    <name>Demos</name>
    <message>
        <source>Fashion-MNIST classifier</source>
        <translation>Fashion-MNIST-Klassifikator</translation>
    </message>
    <message>
        <source>A small CNN trained by Lantern on clothing images (90 % accurate) and 40 test images: saliency, LRP, attentive response, CLEAR and optimal inputs on pictures everyone reads.</source>
        <translation>Ein kleines CNN, von Lantern auf Kleidungsbildern trainiert (90 % richtig), und 40 Testbilder: Salienz, LRP, Attentive Response, CLEAR und optimale Eingaben an Bildern, die jeder lesen kann.</translation>
    </message>
    <message>
        <source>El Niño on the globe</source>
        <translation>El Niño auf dem Globus</translation>
    </message>
    <message>
        <source>The network of Toms et al. (2020) trained by Lantern on sea-surface temperature anomalies: which ocean regions make it say El Niño, as relevance contours on a Robinson map or a 3-D globe.</source>
        <translation>Das Netz von Toms et al. (2020), von Lantern auf Anomalien der Meeresoberflächentemperatur trainiert: welche Meeresregionen es El Niño sagen lassen, als Relevanzkonturen auf einer Robinson-Karte oder einem 3-D-Globus.</translation>
    </message>
    <message>
        <source>Crystal structures</source>
        <translation>Kristallstrukturen</translation>
    </message>
    <message>
        <source>The CNN of Ziletti et al. (2018) trained by Lantern on diffraction fingerprints: fcc, bcc, diamond and hcp crystals in 3-D, their fingerprints, which peaks each layer&apos;s top filters look at, and how vacancies and displacements leave the prediction intact.</source>
        <translation>Das CNN von Ziletti et al. (2018), von Lantern auf Beugungs-Fingerabdrücken trainiert: kfz-, krz-, Diamant- und hdp-Kristalle in 3-D, ihre Fingerabdrücke, welche Reflexe die stärksten Filter jeder Schicht beachten und wie Leerstellen und Verschiebungen die Vorhersage unberührt lassen.</translation>
    </message>
    <message>
        <source>Watching a network learn</source>
        <translation>Einem Netz beim Lernen zusehen</translation>
    </message>
    <message>
        <source>The Fashion-MNIST classifier&apos;s own training, recorded by Lantern: scrub through 3 epochs and see ten test images&apos; attentive response maps, gradients and class probabilities change as the network learns.</source>
        <translation>Das Training des Fashion-MNIST-Klassifikators selbst, von Lantern aufgezeichnet: durch 3 Epochen fahren und sehen, wie sich die Attentive-Response-Karten, Gradienten und Klassenwahrscheinlichkeiten von zehn Testbildern ändern, während das Netz lernt.</translation>
    </message>
</context>
<context>
    <name>FigureJob</name>
    <message>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>true: %1</source>
        <translation>tatsächlich: %1</translation>
    </message>
    <message>
        <source>target: %1</source>
        <translation>Ziel: %1</translation>
    </message>
    <message>
        <source>optimal input</source>
        <translation>optimale Eingabe</translation>
    </message>
    <message>
        <source>relevance / attribution</source>
        <translation>Relevanz / Attribution</translation>
    </message>
    <message>
        <source>shading: %1</source>
        <translation>Schattierung: %1</translation>
    </message>
    <message>
        <source>contours: %1 (solid positive, dashed negative)</source>
        <translation>Konturen: %1 (durchgezogen positiv, gestrichelt negativ)</translation>
    </message>
</context>
<context>
    <name>SnapshotFrames</name>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>predicted %1 (%2%)</source>
        <translation>vorhergesagt %1 (%2 %)</translation>
    </message>
    <message>
        <source>true class %1</source>
        <translation>tatsächliche Klasse %1</translation>
    </message>
    <message>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source> (true)</source>
        <translation> (tatsächlich)</translation>
    </message>
    <message>
        <source>class probabilities</source>
        <translation>Klassenwahrscheinlichkeiten</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>lantern::gui::AttentionWorkspace</name>
    <message>
        <source>No attention store open</source>
        <translation>Kein Attention-Speicher geöffnet</translation>
    </message>
    <message>
        <source>Encoder layer</source>
        <translation>Encoder-Schicht</translation>
    </message>
    <message>
        <source>All heads side by side, or one head</source>
        <translation>Alle Heads nebeneinander oder ein einzelner Head</translation>
    </message>
    <message>
        <source>Padding slots</source>
        <translation>Padding-Slots</translation>
    </message>
    <message>
        <source>Show all n_el slots as CrabNet records them, pairs with padding masked (hatched grey); unchecked, only the sample&apos;s own elements</source>
        <translation>Alle n_el Slots so zeigen, wie CrabNet sie aufzeichnet, Paare mit Padding maskiert (grau schraffiert); nicht angehakt nur die eigenen Elemente des Beispiels</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Heads</translation>
    </message>
    <message>
        <source>Open CrabNet attention store</source>
        <translation>CrabNet-Attention-Speicher öffnen</translation>
    </message>
    <message>
        <source>The attention of this sample could not be read:
%1</source>
        <translation>Die Attention dieses Beispiels ließ sich nicht lesen:
%1</translation>
    </message>
    <message>
        <source>Read CrabNet attention</source>
        <translation>CrabNet-Attention lesen</translation>
    </message>
    <message>
        <source>No sample</source>
        <translation>Kein Beispiel</translation>
    </message>
    <message>
        <source>Open a CrabNet attention store (attn_data_layer0.zip or .zarr) to explore its attention matrices</source>
        <translation>Öffnen Sie einen CrabNet-Attention-Speicher (attn_data_layer0.zip oder .zarr), um seine Attention-Matrizen zu erkunden</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
    <message>
        <source>No formulae CSV was found next to %1 or in the folder above. CrabNet&apos;s attention stores hold no formulae: the recording needs the CSV of its samples (formula,target), the data set CrabNet loaded last, e.g. data/benchmark_data/aflow__Egap/val.csv.</source>
        <translation>Weder neben %1 noch im übergeordneten Ordner wurde eine Formel-CSV gefunden. Die Attention-Speicher von CrabNet enthalten keine Formeln: Die Aufzeichnung braucht die CSV ihrer Beispiele (formula,target), also den Datensatz, den CrabNet zuletzt geladen hat, z. B. data/benchmark_data/aflow__Egap/val.csv.</translation>
    </message>
    <message>
        <source>Several CSV files lie next to %1 (%2): which one holds the recorded formulae is not clear.</source>
        <translation>Neben %1 liegen mehrere CSV-Dateien (%2): Welche davon die aufgezeichneten Formeln enthält, ist unklar.</translation>
    </message>
    <message>
        <source>Formulae CSV of %1</source>
        <translation>Formel-CSV zu %1</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Opening %1 cancelled: no formulae CSV</source>
        <translation>Öffnen von %1 abgebrochen: keine Formel-CSV</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>All heads</source>
        <translation>Alle Heads</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>Head %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 samples × %3 epochs · %4 heads · n_el %5&lt;br&gt;layers %6 · %7 rows</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 Beispiele × %3 Epochen · %4 Heads · n_el %5&lt;br&gt;Schichten %6 · %7 Zeilen</translation>
    </message>
    <message>
        <source>formulae: %1</source>
        <translation>Formeln: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;This store holds attention only, no predictions.&lt;/b&gt; CrabNet&apos;s get_training_attention.py saves the per-epoch predictions of these samples as pred_data.npz (with the targets in act_data.npz) beside attn_data_layer{L}.zip; there is none in %1. Below: how the attention of the selected pair changed over the epochs instead.</source>
        <translation>&lt;b&gt;Dieser Speicher enthält nur Attention, keine Vorhersagen.&lt;/b&gt; get_training_attention.py von CrabNet speichert die Vorhersagen dieser Beispiele je Epoche als pred_data.npz (mit den Zielwerten in act_data.npz) neben attn_data_layer{L}.zip; in %1 gibt es keine. Unten stattdessen: wie sich die Attention des gewählten Paares über die Epochen verändert hat.</translation>
    </message>
    <message>
        <source>%1: %2 samples, %3 epochs</source>
        <translation>%1: %2 Beispiele, %3 Epochen</translation>
    </message>
    <message>
        <source>Reading the attention of %1</source>
        <translation>Attention von %1 wird gelesen</translation>
    </message>
    <message>
        <source>From %1. CrabNet&apos;s recorder saves each epoch&apos;s predictions one epoch late; they are shown at the epoch whose model made them, so the last epoch has none.</source>
        <translation>Aus %1. Die Aufzeichnung von CrabNet speichert die Vorhersagen jeder Epoche eine Epoche verspätet; sie werden bei der Epoche gezeigt, deren Modell sie gemacht hat, daher hat die letzte Epoche keine.</translation>
    </message>
    <message>
        <source>From %1.</source>
        <translation>Aus %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;#%1 %2&lt;/b&gt; · CSV line %3 · %4</source>
        <translation>&lt;b&gt;#%1 %2&lt;/b&gt; · CSV-Zeile %3 · %4</translation>
    </message>
    <message>
        <source>target %1</source>
        <translation>Zielwert %1</translation>
    </message>
    <message numerus="yes">
        <source>CrabNet dropped %n element(s) beyond its n_el slots</source>
        <translation>
            <numerusform>CrabNet hat %n Element jenseits seiner n_el Slots verworfen</numerusform>
            <numerusform>CrabNet hat %n Elemente jenseits seiner n_el Slots verworfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Layer %1 of %2 could not be read:
%3</source>
        <translation>Schicht %1 von %2 ließ sich nicht lesen:
%3</translation>
    </message>
    <message>
        <source>No attention for this layer</source>
        <translation>Keine Attention für diese Schicht</translation>
    </message>
    <message>
        <source>#%1: %2, layer %3, epoch %4</source>
        <translation>#%1: %2, Schicht %3, Epoche %4</translation>
    </message>
    <message>
        <source>This frame cannot be shown: %1</source>
        <translation>Dieser Frame kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>under the mouse</source>
        <translation>unter dem Mauszeiger</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>festgehalten</translation>
    </message>
    <message>
        <source>the strongest pair of two elements in the last epoch</source>
        <translation>das stärkste Paar zweier Elemente in der letzten Epoche</translation>
    </message>
    <message>
        <source>No pair</source>
        <translation>Kein Paar</translation>
    </message>
</context>
<context>
    <name>lantern::gui::DefectPanel</name>
    <message>
        <source>Element put on substituted sites</source>
        <translation>Element auf den substituierten Plätzen</translation>
    </message>
    <message>
        <source>Seed of the random defects: the same seed gives the same crystal</source>
        <translation>Startwert der zufälligen Defekte: derselbe Startwert ergibt denselben Kristall</translation>
    </message>
    <message>
        <source>as given</source>
        <translation>wie gegeben</translation>
    </message>
    <message>
        <source>Periodic structures are repeated to about this many atoms before the fingerprint</source>
        <translation>Periodische Strukturen werden vor dem Fingerabdruck auf etwa so viele Atome wiederholt</translation>
    </message>
    <message>
        <source>Pristine</source>
        <translation>Ideal</translation>
    </message>
    <message>
        <source>Remove all defects</source>
        <translation>Alle Defekte entfernen</translation>
    </message>
    <message>
        <source>Vacancies</source>
        <translation>Leerstellen</translation>
    </message>
    <message>
        <source>Displacement σ</source>
        <translation>Verschiebung σ</translation>
    </message>
    <message>
        <source>Substitutions</source>
        <translation>Substitutionen</translation>
    </message>
    <message>
        <source>Substituent</source>
        <translation>Substituent</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>Supercell atoms</source>
        <translation>Atome der Superzelle</translation>
    </message>
</context>
<context>
    <name>lantern::gui::DemoCard</name>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
</context>
<context>
    <name>lantern::gui::EvolutionPanel</name>
    <message>
        <source>Prediction vs epoch</source>
        <translation>Vorhersage je Epoche</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Attention of the selected pair vs epoch</source>
        <translation>Attention des gewählten Paares je Epoche</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>Hover a cell of the matrix to preview its pair, click to keep it.</source>
        <translation>Mit der Maus auf eine Zelle der Matrix zeigen, um ihr Paar vorab zu sehen; anklicken, um es festzuhalten.</translation>
    </message>
    <message>
        <source>target</source>
        <translation>Zielwert</translation>
    </message>
    <message>
        <source>No pair</source>
        <translation>Kein Paar</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>Head %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 → %2&lt;/b&gt;: %1 attends to %2 (row %1, column %2)</source>
        <translation>&lt;b&gt;%1 → %2&lt;/b&gt;: %1 achtet auf %2 (Zeile %1, Spalte %2)</translation>
    </message>
    <message>
        <source>an absent pair (padding): nothing to plot</source>
        <translation>ein fehlendes Paar (Padding): nichts darzustellen</translation>
    </message>
    <message>
        <source>Epoch %1: predicted &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Epoche %1: vorhergesagt &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Epoch %1: no prediction recorded</source>
        <translation>Epoche %1: keine Vorhersage aufgezeichnet</translation>
    </message>
    <message>
        <source>target %1</source>
        <translation>Zielwert %1</translation>
    </message>
    <message>
        <source>error %1</source>
        <translation>Fehler %1</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>Epoch %1: %2</source>
        <translation>Epoche %1: %2</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExplanationController</name>
    <message>
        <source>Computing %1</source>
        <translation>%1 wird berechnet</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExplanationPanel</name>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Vorhergesagte Klasse</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Auf Standardwerte zurücksetzen</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>Farbskala</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Positive and negative</source>
        <translation>Positiv und negativ</translation>
    </message>
    <message>
        <source>Positive only</source>
        <translation>Nur positiv</translation>
    </message>
    <message>
        <source>Negative only</source>
        <translation>Nur negativ</translation>
    </message>
    <message>
        <source>Absolute value</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Vorzeichen</translation>
    </message>
    <message>
        <source> th percentile</source>
        <translation> (Perzentil)</translation>
    </message>
    <message>
        <source>Colour range limit: values beyond this percentile of the magnitudes saturate</source>
        <translation>Grenze des Farbbereichs: Werte jenseits dieses Perzentils der Beträge werden gesättigt dargestellt</translation>
    </message>
    <message>
        <source>Clip at</source>
        <translation>Begrenzen bei</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Contour lines</source>
        <translation>Konturlinien</translation>
    </message>
    <message>
        <source>Fade weak values</source>
        <translation>Schwache Werte ausblenden</translation>
    </message>
    <message>
        <source>Let the input show through where the map is near zero</source>
        <translation>Die Eingabe dort durchscheinen lassen, wo die Karte nahe null ist</translation>
    </message>
    <message>
        <source>Default (last conv layer)</source>
        <translation>Standard (letzte Faltungsschicht)</translation>
    </message>
    <message>
        <source>This method has no parameters.</source>
        <translation>Diese Methode hat keine Parameter.</translation>
    </message>
    <message>
        <source>The class whose score is explained; click a bar of the class probabilities to choose one</source>
        <translation>Die Klasse, deren Wert erklärt wird; einen Balken der Klassenwahrscheinlichkeiten anklicken, um eine zu wählen</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
    <message>
        <source>Explain the predicted class again</source>
        <translation>Wieder die vorhergesagte Klasse erklären</translation>
    </message>
    <message>
        <source>Both signs on a diverging colormap, or only the positive values on a sequential one when the map has no negative values</source>
        <translation>Beide Vorzeichen auf einer divergierenden Farbskala, oder nur die positiven Werte auf einer sequentiellen, wenn die Karte keine negativen Werte hat</translation>
    </message>
    <message>
        <source>Input in grey</source>
        <translation>Eingabe in Grau</translation>
    </message>
    <message>
        <source>Draw the input in grey under the map so that the map&apos;s colours stand out</source>
        <translation>Die Eingabe unter der Karte grau zeichnen, damit die Farben der Karte hervortreten</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExplanationView</name>
    <message>
        <source>Open a model and samples (File menu, or drop files here)</source>
        <translation>Öffnen Sie ein Modell und Beispiele (Menü „Datei“ oder Dateien hierher ziehen)</translation>
    </message>
    <message>
        <source>Point at the image to read the map&apos;s value</source>
        <translation>Zeigen Sie auf das Bild, um den Wert der Karte abzulesen</translation>
    </message>
    <message>
        <source>&amp;Overlay</source>
        <translation>&amp;Überlagerung</translation>
    </message>
    <message>
        <source>pixel (%1, %2): %3</source>
        <translation>Pixel (%1, %2): %3</translation>
    </message>
    <message>
        <source>Top-n filters of every conv layer back-projected to the input (attentive response, Ziletti et al. 2018)</source>
        <translation>Top-n-Filter jeder Faltungsschicht, auf die Eingabe zurückprojiziert (Attentive Response, Ziletti et al. 2018)</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>Über&amp;sicht</translation>
    </message>
    <message>
        <source>&amp;Dominant filter</source>
        <translation>D&amp;ominanter Filter</translation>
    </message>
    <message>
        <source>&amp;CLEAR classes</source>
        <translation>&amp;CLEAR-Klassen</translation>
    </message>
    <message>
        <source>The input with the chosen method&apos;s map overlaid</source>
        <translation>Die Eingabe, überlagert mit der Karte der gewählten Methode</translation>
    </message>
    <message>
        <source>Input | top-n attentive response maps per conv layer | their sum</source>
        <translation>Eingabe | Top-n-Attentive-Response-Karten je Faltungsschicht | ihre Summe</translation>
    </message>
    <message>
        <source>Which of the layer&apos;s top filters responds most at each pixel</source>
        <translation>Welcher der stärksten Filter der Schicht an jedem Pixel am stärksten anspricht</translation>
    </message>
    <message>
        <source>Which class&apos;s back-projected response dominates at each pixel (CLEAR)</source>
        <translation>Welche Klasse mit ihrer zurückprojizierten Antwort an jedem Pixel dominiert (CLEAR)</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>Berechnung nicht möglich: %1</translation>
    </message>
    <message>
        <source>relevance</source>
        <translation>Relevanz</translation>
    </message>
    <message>
        <source>attribution</source>
        <translation>Attribution</translation>
    </message>
    <message>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>filter %1</source>
        <translation>Filter %1</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Dominant filter per pixel in %1 (brighter = stronger response)</source>
        <translation>Dominanter Filter je Pixel in %1 (heller = stärkere Antwort)</translation>
    </message>
    <message>
        <source>Dominant class per pixel (CLEAR; brighter = stronger response)</source>
        <translation>Dominante Klasse je Pixel (CLEAR; heller = stärkere Antwort)</translation>
    </message>
    <message>
        <source>St&amp;yle:</source>
        <translation>&amp;Stil:</translation>
    </message>
    <message>
        <source>ai4materials (Ziletti et al. 2018)</source>
        <translation>ai4materials (Ziletti et al. 2018)</translation>
    </message>
    <message>
        <source>Zeiler–Fergus deconvnet</source>
        <translation>Zeiler–Fergus-Deconvnet</translation>
    </message>
    <message>
        <source>ai4materials: each filter&apos;s strongest unit back-projected with the forward ReLU masks and nearest-neighbour unpooling, as the paper&apos;s code does. Zeiler–Fergus: the filter&apos;s whole activation map through deconvnet ReLUs and pooling switches.</source>
        <translation>ai4materials: die stärkste Einheit jedes Filters wird mit den ReLU-Masken des Vorwärtsdurchlaufs und Nächster-Nachbar-Entpooling zurückprojiziert, wie es der Code des Artikels tut. Zeiler–Fergus: die ganze Aktivierungskarte des Filters durch Deconvnet-ReLUs und Pooling-Schalter.</translation>
    </message>
    <message>
        <source>Click a map to see it large</source>
        <translation>Eine Karte anklicken, um sie groß zu sehen</translation>
    </message>
    <message>
        <source>Click a filter in the Model layers panel to see what it responds to</source>
        <translation>Einen Filter im Bereich Modellschichten anklicken, um zu sehen, worauf er anspricht</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <source>The attentive response map of the filter clicked in the Model layers panel</source>
        <translation>Die Attentive-Response-Karte des im Bereich Modellschichten angeklickten Filters</translation>
    </message>
    <message>
        <source>map values %1 … %2; point at the image to read one</source>
        <translation>Kartenwerte %1 … %2; auf das Bild zeigen, um einen abzulesen</translation>
    </message>
    <message>
        <source>Top-%1 filters of %2 conv layers back-projected to the input, and the sum of the last layer&apos;s maps; click a map to see it large</source>
        <translation>Top-%1-Filter von %2 Faltungsschichten auf die Eingabe zurückprojiziert, dazu die Summe der Karten der letzten Schicht; eine Karte anklicken, um sie groß zu sehen</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>response</source>
        <translation>Antwort</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ExportDialog</name>
    <message>
        <source>The range “%1” runs backwards.</source>
        <translation>Der Bereich „%1“ ist absteigend angegeben.</translation>
    </message>
    <message>
        <source>“%1” is not a sample index or a range like 0-5.</source>
        <translation>„%1“ ist weder ein Beispielindex noch ein Bereich wie 0-5.</translation>
    </message>
    <message>
        <source>Sample %1 does not exist: the samples are numbered 0 to %2.</source>
        <translation>Beispiel %1 existiert nicht: Die Beispiele sind von 0 bis %2 nummeriert.</translation>
    </message>
    <message>
        <source>There are no samples.</source>
        <translation>Es gibt keine Beispiele.</translation>
    </message>
    <message>
        <source>At most %1 rows fit in one figure.</source>
        <translation>In eine Abbildung passen höchstens %1 Zeilen.</translation>
    </message>
    <message>
        <source>Enter the sample indices of the rows, e.g. 0-5, 9.</source>
        <translation>Geben Sie die Beispielindizes der Zeilen ein, z. B. 0-5, 9.</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>figure.png</source>
        <translation>abbildung.png</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>SVG (vector)</source>
        <translation>SVG (Vektor)</translation>
    </message>
    <message>
        <source>PDF (vector)</source>
        <translation>PDF (Vektor)</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Auflösung:</translation>
    </message>
    <message>
        <source> in</source>
        <translation> Zoll</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>Colorbars</source>
        <translation>Farbbalken</translation>
    </message>
    <message>
        <source>One shared range for all maps</source>
        <translation>Ein gemeinsamer Wertebereich für alle Karten</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Aussehen</translation>
    </message>
    <message>
        <source>Panel width:</source>
        <translation>Feldbreite:</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>Schriftgröße:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <source>Current view (input | %1)</source>
        <translation>Aktuelle Ansicht (Eingabe | %1)</translation>
    </message>
    <message>
        <source>method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Samples × methods grid</source>
        <translation>Raster aus Beispielen × Methoden</translation>
    </message>
    <message>
        <source>e.g. 0-5, 9</source>
        <translation>z. B. 0-5, 9</translation>
    </message>
    <message>
        <source>Sample indices (0 to %1), separated by commas; ranges like 0-5 are inclusive.</source>
        <translation>Beispielindizes (0 bis %1), durch Kommas getrennt; Bereiche wie 0-5 schließen beide Grenzen ein.</translation>
    </message>
    <message>
        <source>Include the input as the first column</source>
        <translation>Eingabe als erste Spalte einfügen</translation>
    </message>
    <message>
        <source>Rows (samples):</source>
        <translation>Zeilen (Beispiele):</translation>
    </message>
    <message>
        <source>Columns (methods):</source>
        <translation>Spalten (Methoden):</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Anordnung</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Check at least one method or the input column.</source>
        <translation>Wählen Sie mindestens eine Methode oder die Eingabespalte aus.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Wählen Sie die Zieldatei.</translation>
    </message>
    <message>
        <source>%1 × %2 panels</source>
        <translation>%1 × %2 Felder</translation>
    </message>
    <message>
        <source>%1 × %2 pixels (%3 × %4 in), %5</source>
        <translation>%1 × %2 Pixel (%3 × %4 Zoll), %5</translation>
    </message>
    <message>
        <source>%1 × %2 in (%3 × %4 pt), %5</source>
        <translation>%1 × %2 Zoll (%3 × %4 pt), %5</translation>
    </message>
</context>
<context>
    <name>lantern::gui::FingerprintView</name>
    <message>
        <source>Diffraction fingerprint: red, green and blue are the patterns of the crystal rotated by ±45° about x, y and z</source>
        <translation>Beugungs-Fingerabdruck: Rot, Grün und Blau sind die Muster des um ±45° um x, y und z gedrehten Kristalls</translation>
    </message>
    <message>
        <source>No fingerprint</source>
        <translation>Kein Fingerabdruck</translation>
    </message>
</context>
<context>
    <name>lantern::gui::GeoOverlayPage</name>
    <message>
        <source>Whole globe</source>
        <translation>Ganzer Globus</translation>
    </message>
    <message>
        <source>Tropical Pacific (105E-290E, 22.5S-22.5N)</source>
        <translation>Tropischer Pazifik (105E–290E, 22,5S–22,5N)</translation>
    </message>
    <message>
        <source>Nino-3.4 surroundings (150E-270E, 15S-15N)</source>
        <translation>Umgebung von Niño 3.4 (150E–270E, 15S–15N)</translation>
    </message>
    <message>
        <source>North Atlantic (280E-360E, 0-70N)</source>
        <translation>Nordatlantik (280E–360E, 0–70N)</translation>
    </message>
    <message>
        <source>Europe (340E-45E, 30N-72N)</source>
        <translation>Europa (340E–45E, 30N–72N)</translation>
    </message>
    <message>
        <source>Indian Ocean (30E-120E, 40S-30N)</source>
        <translation>Indischer Ozean (30E–120E, 40S–30N)</translation>
    </message>
    <message>
        <source>Pro&amp;jection:</source>
        <translation>Pro&amp;jektion:</translation>
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
        <translation>Orthographisch</translation>
    </message>
    <message>
        <source>C&amp;entre:</source>
        <translation>&amp;Mitte:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>E&amp;xplanation:</source>
        <translation>E&amp;rklärung:</translation>
    </message>
    <message>
        <source>Contours over the field</source>
        <translation>Konturen über dem Feld</translation>
    </message>
    <message>
        <source>Fill over the field</source>
        <translation>Flächen über dem Feld</translation>
    </message>
    <message>
        <source>Explanation only</source>
        <translation>Nur die Erklärung</translation>
    </message>
    <message>
        <source>Field only</source>
        <translation>Nur das Feld</translation>
    </message>
    <message>
        <source>Contours: solid positive, dashed negative, levels at even steps up to the largest value</source>
        <translation>Konturen: durchgezogen positiv, gestrichelt negativ, Stufen in gleichen Abständen bis zum größten Wert</translation>
    </message>
    <message>
        <source>&amp;Globe</source>
        <translation>&amp;Globus</translation>
    </message>
    <message>
        <source>Show the field on a 3-D globe (drag to rotate, wheel to zoom, double-click to reset)</source>
        <translation>Das Feld auf einem 3-D-Globus zeigen (ziehen zum Drehen, Mausrad zum Zoomen, Doppelklick setzt zurück)</translation>
    </message>
    <message>
        <source>Point at the map to read latitude, longitude and values</source>
        <translation>Auf die Karte zeigen, um Breite, Länge und Werte abzulesen</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>maskiert</translation>
    </message>
    <message>
        <source>optimal input</source>
        <translation>optimale Eingabe</translation>
    </message>
    <message>
        <source>relevance</source>
        <translation>Relevanz</translation>
    </message>
    <message>
        <source>attribution</source>
        <translation>Attribution</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>Berechnung nicht möglich: %1</translation>
    </message>
    <message>
        <source>Plate Carrée</source>
        <translation>Plate Carrée</translation>
    </message>
    <message>
        <source>Central longitude of the map (225°E centres the Pacific, as in Toms et al. 2020)</source>
        <translation>Mittlerer Längengrad der Karte (225°O zentriert den Pazifik, wie bei Toms et al. 2020)</translation>
    </message>
    <message>
        <source>&amp;Levels:</source>
        <translation>S&amp;tufen:</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Contour levels: empty for 4 per sign at even steps, a number for that many per sign, or values separated by commas (e.g. 0.1, 0.2, 0.4)</source>
        <translation>Konturstufen: leer für 4 je Vorzeichen in gleichen Abständen, eine Zahl für so viele je Vorzeichen, oder durch Kommas getrennte Werte (z. B. 0.1, 0.2, 0.4)</translation>
    </message>
</context>
<context>
    <name>lantern::gui::MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the running computations</source>
        <translation>Laufende Berechnungen anhalten</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Computing %1…</source>
        <translation>%1 wird berechnet…</translation>
    </message>
    <message>
        <source>Open a model and samples to begin (File menu, or drop files on the window)</source>
        <translation>Öffnen Sie zum Start ein Modell und Beispiele (Menü „Datei“ oder Dateien auf das Fenster ziehen)</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Erklärung</translation>
    </message>
    <message>
        <source>Class probabilities</source>
        <translation>Klassenwahrscheinlichkeiten</translation>
    </message>
    <message>
        <source>Model layers</source>
        <translation>Modellschichten</translation>
    </message>
    <message>
        <source>Optimal input</source>
        <translation>Optimale Eingabe</translation>
    </message>
    <message>
        <source>Open samples to explain (File ▸ Open Samples)</source>
        <translation>Öffnen Sie Beispiele, um sie zu erklären (Datei ▸ Beispiele öffnen)</translation>
    </message>
    <message>
        <source>Model %1 (%2): %3 layers, %4 classes</source>
        <translation>Modell %1 (%2): %3 Schichten, %4 Klassen</translation>
    </message>
    <message>
        <source>Classifying %1 samples</source>
        <translation>%1 Beispiele werden klassifiziert</translation>
    </message>
    <message>
        <source>%1 of %2 samples classified correctly (%3 %)</source>
        <translation>%1 von %2 Beispielen richtig klassifiziert (%3 %)</translation>
    </message>
    <message>
        <source>true: %1</source>
        <translation>tatsächlich: %1</translation>
    </message>
    <message>
        <source>the model has no convolution layers</source>
        <translation>das Modell hat keine Faltungsschichten</translation>
    </message>
    <message>
        <source>filter %1</source>
        <translation>Filter %1</translation>
    </message>
    <message>
        <source>Copied the view to the clipboard (%1 × %2 pixels)</source>
        <translation>Ansicht in die Zwischenablage kopiert (%1 × %2 Pixel)</translation>
    </message>
    <message>
        <source>About Lantern</source>
        <translation>Über Lantern</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Lantern %1&lt;/h3&gt;&lt;p&gt;Shows why a neural network decided: saliency, relevance (LRP), attentive response maps, CLEAR and optimal inputs for ONNX and Keras models.&lt;/p&gt;&lt;p&gt;Engine: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Lantern %1&lt;/h3&gt;&lt;p&gt;Zeigt, warum ein neuronales Netz so entschieden hat: Salienz, Relevanz (LRP), Attentive-Response-Karten, CLEAR und optimale Eingaben für ONNX- und Keras-Modelle.&lt;/p&gt;&lt;p&gt;Engine: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>&amp;Modell öffnen…</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>Models (*.onnx *.h5 *.hdf5 *.keras *.json);;ONNX (*.onnx);;Keras (*.h5 *.hdf5 *.json);;All files (*)</source>
        <translation>Modelle (*.onnx *.h5 *.hdf5 *.keras *.json);;ONNX (*.onnx);;Keras (*.h5 *.hdf5 *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Weights for %1</source>
        <translation>Gewichte für %1</translation>
    </message>
    <message>
        <source>HDF5 weights (*.h5 *.hdf5);;All files (*)</source>
        <translation>HDF5-Gewichte (*.h5 *.hdf5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open &amp;Samples…</source>
        <translation>Bei&amp;spiele öffnen…</translation>
    </message>
    <message>
        <source>Open samples</source>
        <translation>Beispiele öffnen</translation>
    </message>
    <message>
        <source>Samples (*.png *.jpg *.jpeg *.bmp *.npy *.npz *.h5 *.hdf5 *-ubyte *-ubyte.gz *.idx);;All files (*)</source>
        <translation>Beispiele (*.png *.jpg *.jpeg *.bmp *.npy *.npz *.h5 *.hdf5 *-ubyte *-ubyte.gz *.idx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open Sample &amp;Folder…</source>
        <translation>Beispiel&amp;ordner öffnen…</translation>
    </message>
    <message>
        <source>Open a folder of images</source>
        <translation>Bilderordner öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open Sessio&amp;n…</source>
        <translation>Sitzu&amp;ng öffnen…</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Lantern sessions (*.lantern)</source>
        <translation>Lantern-Sitzungen (*.lantern)</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Save Session &amp;As…</source>
        <translation>Sitzung speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Export Figure…</source>
        <translation>Abbildung e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Copy View</source>
        <translation>Ansicht &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>&amp;Navigieren</translation>
    </message>
    <message>
        <source>Next Sample</source>
        <translation>Nächstes Beispiel</translation>
    </message>
    <message>
        <source>Alt+Right</source>
        <translation>Alt+Right</translation>
    </message>
    <message>
        <source>Previous Sample</source>
        <translation>Vorheriges Beispiel</translation>
    </message>
    <message>
        <source>Alt+Left</source>
        <translation>Alt+Left</translation>
    </message>
    <message>
        <source>Next Layer</source>
        <translation>Nächste Schicht</translation>
    </message>
    <message>
        <source>Alt+Down</source>
        <translation>Alt+Down</translation>
    </message>
    <message>
        <source>Previous Layer</source>
        <translation>Vorherige Schicht</translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <source>Next Method</source>
        <translation>Nächste Methode</translation>
    </message>
    <message>
        <source>Ctrl+]</source>
        <translation>Ctrl+]</translation>
    </message>
    <message>
        <source>Previous Method</source>
        <translation>Vorherige Methode</translation>
    </message>
    <message>
        <source>Ctrl+[</source>
        <translation>Ctrl+[</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Überlagerung</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Dominant Filter</source>
        <translation>Dominanter Filter</translation>
    </message>
    <message>
        <source>CLEAR Classes</source>
        <translation>CLEAR-Klassen</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>&amp;Präsentationsmodus</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Full screen, large fonts, keyboard stepping (Esc leaves)</source>
        <translation>Vollbild, große Schrift, Navigation per Tastatur (Esc beendet)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Lantern</source>
        <translation>&amp;Über Lantern</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <source>Open a model first: samples are fitted to the model&apos;s input.</source>
        <translation>Öffnen Sie zuerst ein Modell: Die Beispiele werden an die Eingabe des Modells angepasst.</translation>
    </message>
    <message>
        <source>Loading samples</source>
        <translation>Beispiele werden geladen</translation>
    </message>
    <message>
        <source>Session saved to %1</source>
        <translation>Sitzung in %1 gespeichert</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>Open a model and samples first.</source>
        <translation>Öffnen Sie zuerst ein Modell und Beispiele.</translation>
    </message>
    <message>
        <source>Figures are made from one sample source; open the samples as one file or folder.</source>
        <translation>Abbildungen entstehen aus einer einzigen Beispielquelle; öffnen Sie die Beispiele als eine Datei oder einen Ordner.</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>%1 wird exportiert</translation>
    </message>
    <message>
        <source>Figure written to %1 (sidecar %2)</source>
        <translation>Abbildung nach %1 geschrieben (Begleitdatei %2)</translation>
    </message>
    <message>
        <source>The samples could not be loaded for this model:
%1

Open samples that fit it (File ▸ Open Samples).</source>
        <translation>Die Beispiele ließen sich für dieses Modell nicht laden:
%1

Beispiele öffnen, die dazu passen (Datei ▸ Beispiele öffnen).</translation>
    </message>
    <message>
        <source>Open demo</source>
        <translation>Demo öffnen</translation>
    </message>
    <message>
        <source>The demo &apos;%1&apos; is not available</source>
        <translation>Die Demo „%1“ ist nicht verfügbar</translation>
    </message>
    <message>
        <source>Demos</source>
        <translation>Demos</translation>
    </message>
    <message>
        <source>Open a bundled model with samples:</source>
        <translation>Ein mitgeliefertes Modell mit Beispielen öffnen:</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The session has changes that are not saved. Save them?</source>
        <translation>Die Sitzung hat Änderungen, die nicht gespeichert sind. Speichern?</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>target class %1</source>
        <translation>Zielklasse %1</translation>
    </message>
    <message>
        <source>Settings for the previous model were reset: %1</source>
        <translation>Einstellungen für das vorige Modell wurden zurückgesetzt: %1</translation>
    </message>
    <message>
        <source>chosen class %1</source>
        <translation>gewählte Klasse %1</translation>
    </message>
    <message>
        <source>predicted class %1</source>
        <translation>vorhergesagte Klasse %1</translation>
    </message>
    <message>
        <source>Filter %1 of %2: what it responds to (attentive response, %3)</source>
        <translation>Filter %1 von %2: worauf er anspricht (Attentive Response, %3)</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>&amp;Demos…</source>
        <translation>&amp;Demos…</translation>
    </message>
    <message>
        <source>Open S&amp;tructure…</source>
        <translation>S&amp;truktur öffnen…</translation>
    </message>
    <message>
        <source>Crystal structures (CIF, POSCAR, XYZ, pymatgen JSON, Open Babel formats) in the materials workspace</source>
        <translation>Kristallstrukturen (CIF, POSCAR, XYZ, pymatgen-JSON, Open-Babel-Formate) im Materialien-Arbeitsbereich</translation>
    </message>
    <message>
        <source>Materials — Lantern</source>
        <translation>Materialien — Lantern</translation>
    </message>
    <message>
        <source>Open Crystal Structures</source>
        <translation>Kristallstrukturen öffnen</translation>
    </message>
    <message>
        <source>Crystal structures (%1);;All files (*)</source>
        <translation>Kristallstrukturen (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Snaps&amp;hots…</source>
        <translation>Snaps&amp;hots öffnen…</translation>
    </message>
    <message>
        <source>A file recorded while training (lantern-cli train --snapshots, or the Train dialog)</source>
        <translation>Eine beim Training aufgezeichnete Datei (lantern-cli train --snapshots oder der Trainingsdialog)</translation>
    </message>
    <message>
        <source>Open &amp;Attention Recording…</source>
        <translation>&amp;Attention-Aufzeichnung öffnen…</translation>
    </message>
    <message>
        <source>CrabNet&apos;s Zarr attention store (.zip; drop a directory store on the window)</source>
        <translation>Zarr-Attention-Speicher von CrabNet (.zip; einen Verzeichnis-Speicher auf das Fenster ziehen)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>&amp;Train Model…</source>
        <translation>Modell &amp;trainieren…</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>%1 — Snapshots — Lantern</source>
        <translation>%1 — Snapshots — Lantern</translation>
    </message>
    <message>
        <source>%1 — Attention — Lantern</source>
        <translation>%1 — Attention — Lantern</translation>
    </message>
    <message>
        <source>Open CrabNet Attention Recording</source>
        <translation>CrabNet-Attention-Aufzeichnung öffnen</translation>
    </message>
    <message>
        <source>CrabNet attention stores (*.zip);;All files (*)</source>
        <translation>CrabNet-Attention-Speicher (*.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Snapshots</source>
        <translation>Snapshots öffnen</translation>
    </message>
    <message>
        <source>Snapshot files (*.h5 *.hdf5);;All files (*)</source>
        <translation>Snapshot-Dateien (*.h5 *.hdf5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Snapshot Video</source>
        <translation>Snapshot-Video exportieren</translation>
    </message>
    <message>
        <source>Open a snapshot file first (File ▸ Open Snapshots…).</source>
        <translation>Öffnen Sie zuerst eine Snapshot-Datei (Datei ▸ Snapshots öffnen…).</translation>
    </message>
    <message>
        <source>Writing %1</source>
        <translation>%1 wird geschrieben</translation>
    </message>
    <message>
        <source>%1: %2 frames, %3 × %4 (%5)</source>
        <translation>%1: %2 Frames, %3 × %4 (%5)</translation>
    </message>
    <message>
        <source>Training done: %1</source>
        <translation>Training abgeschlossen: %1</translation>
    </message>
    <message>
        <source>Training done: %1; snapshots in %2 (File ▸ Open Recent)</source>
        <translation>Training abgeschlossen: %1; Snapshots in %2 (Datei ▸ Zuletzt geöffnet)</translation>
    </message>
    <message>
        <source>Export &amp;Video…</source>
        <translation>&amp;Video exportieren…</translation>
    </message>
    <message>
        <source>MP4 or GIF of the snapshot scrubber&apos;s probe or the attention workspace&apos;s sample over training</source>
        <translation>MP4 oder GIF der Probe aus der Snapshot-Zeitleiste oder des Beispiels aus dem Attention-Arbeitsbereich im Verlauf des Trainings</translation>
    </message>
    <message>
        <source>Export Video</source>
        <translation>Video exportieren</translation>
    </message>
    <message>
        <source>Open a CrabNet attention store first (File ▸ Open Attention Recording…).</source>
        <translation>Öffnen Sie zuerst einen CrabNet-Attention-Speicher (Datei ▸ Attention-Aufzeichnung öffnen…).</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>Geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>lantern::gui::MaterialsWorkspace</name>
    <message numerus="yes">
        <source>%n atoms</source>
        <translation>
            <numerusform>%n Atom</numerusform>
            <numerusform>%n Atome</numerusform>
        </translation>
    </message>
    <message>
        <source>no unit cell (a cluster)</source>
        <translation>keine Elementarzelle (ein Cluster)</translation>
    </message>
    <message>
        <source>Structures</source>
        <translation>Strukturen</translation>
    </message>
    <message>
        <source>Add a prototype…</source>
        <translation>Prototyp hinzufügen…</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>Defekte</translation>
    </message>
    <message>
        <source>The conv layer whose strongest filters are back-projected onto the fingerprint</source>
        <translation>Die Faltungsschicht, deren stärkste Filter auf den Fingerabdruck zurückprojiziert werden</translation>
    </message>
    <message>
        <source>Export ai4materials Figure…</source>
        <translation>ai4materials-Abbildung exportieren…</translation>
    </message>
    <message>
        <source>Input | the top 4 maps of every conv layer | the sum of the last one, per fingerprint channel</source>
        <translation>Eingabe | die 4 stärksten Karten jeder Faltungsschicht | die Summe der letzten, je Fingerabdruck-Kanal</translation>
    </message>
    <message>
        <source>Attentive response maps of</source>
        <translation>Attentive-Response-Karten von</translation>
    </message>
    <message>
        <source>Open Model…</source>
        <translation>Modell öffnen…</translation>
    </message>
    <message>
        <source>CNN prediction</source>
        <translation>CNN-Vorhersage</translation>
    </message>
    <message>
        <source>spglib (symprec 10⁻³ Å)</source>
        <translation>spglib (symprec 10⁻³ Å)</translation>
    </message>
    <message>
        <source>Open a Fingerprint Model</source>
        <translation>Fingerabdruck-Modell öffnen</translation>
    </message>
    <message>
        <source>Models (*.onnx *.h5 *.hdf5 *.keras)</source>
        <translation>Modelle (*.onnx *.h5 *.hdf5 *.keras)</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>No model: fingerprints and space groups only</source>
        <translation>Kein Modell: nur Fingerabdrücke und Raumgruppen</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n structure(s)</source>
        <translation>
            <numerusform>%n Struktur wird gelesen</numerusform>
            <numerusform>%n Strukturen werden gelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Analysing %1</source>
        <translation>%1 wird analysiert</translation>
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
        <translation>keine Raumgruppe gefunden</translation>
    </message>
    <message>
        <source>no unit cell</source>
        <translation>keine Elementarzelle</translation>
    </message>
    <message numerus="yes">
        <source>%n atoms · fingerprint %1 ms · CNN and maps %2 ms · spglib %3 ms</source>
        <translation>
            <numerusform>%n Atom · Fingerabdruck %1 ms · CNN und Karten %2 ms · spglib %3 ms</numerusform>
            <numerusform>%n Atome · Fingerabdruck %1 ms · CNN und Karten %2 ms · spglib %3 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>There are no attentive response maps to export yet</source>
        <translation>Es gibt noch keine Attentive-Response-Karten zum Exportieren</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n atoms): predicted %2 (%3 %)</source>
        <translation>
            <numerusform>%1 (%n Atom): vorhergesagt %2 (%3 %)</numerusform>
            <numerusform>%1 (%n Atome): vorhergesagt %2 (%3 %)</numerusform>
        </translation>
    </message>
    <message>
        <source>R: about x</source>
        <translation>R: um x</translation>
    </message>
    <message>
        <source>G: about y</source>
        <translation>G: um y</translation>
    </message>
    <message>
        <source>B: about z</source>
        <translation>B: um z</translation>
    </message>
    <message>
        <source>Figure written to %1</source>
        <translation>Abbildung nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Export ai4materials Figure</source>
        <translation>ai4materials-Abbildung exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ModelPanel</name>
    <message>
        <source>How many of the most activated filters are highlighted and back-projected</source>
        <translation>Wie viele der am stärksten aktivierten Filter hervorgehoben und zurückprojiziert werden</translation>
    </message>
    <message>
        <source>Top-n filters</source>
        <translation>Top-n-Filter</translation>
    </message>
    <message>
        <source>Select a layer to see its activations</source>
        <translation>Wählen Sie eine Schicht, um ihre Aktivierungen zu sehen</translation>
    </message>
    <message>
        <source>Computing activations of %1…</source>
        <translation>Aktivierungen von %1 werden berechnet…</translation>
    </message>
    <message>
        <source>Activations of %1</source>
        <translation>Aktivierungen von %1</translation>
    </message>
    <message>
        <source>%1 has no activation to show</source>
        <translation>%1 hat keine darstellbare Aktivierung</translation>
    </message>
    <message>
        <source>%1: %2 channels, ranked by summed activation</source>
        <translation>%1: %2 Kanäle, nach summierter Aktivierung geordnet</translation>
    </message>
    <message>
        <source>%1: %2 channels, ranked by summed activation (as attentive response ranks them); click one for its attentive response</source>
        <translation>%1: %2 Kanäle, nach summierter Aktivierung geordnet (wie die Attentive-Response-Karten sie ordnen); einen anklicken für seine Attentive-Response-Karte</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Open samples to see a layer&apos;s activations</source>
        <translation>Beispiele öffnen, um die Aktivierungen einer Schicht zu sehen</translation>
    </message>
</context>
<context>
    <name>lantern::gui::OptimalInputPanel</name>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Maximize the logit</source>
        <translation>Logit maximieren</translation>
    </message>
    <message>
        <source>Reach probability 0.99</source>
        <translation>Wahrscheinlichkeit 0,99 erreichen</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Zielfunktion</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>Iterationen</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2-Strafterm</translation>
    </message>
    <message>
        <source>Total variation</source>
        <translation>Totale Variation</translation>
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
        <translation>nie</translation>
    </message>
    <message>
        <source>Blur every</source>
        <translation>Weichzeichnen alle</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>The optimized input appears here</source>
        <translation>Hier erscheint die optimierte Eingabe</translation>
    </message>
    <message>
        <source>Target probability: –</source>
        <translation>Zielwahrscheinlichkeit: –</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>iteration %1</source>
        <translation>Iteration %1</translation>
    </message>
    <message>
        <source>Target probability: %1</source>
        <translation>Zielwahrscheinlichkeit: %1</translation>
    </message>
    <message>
        <source>Optimal input</source>
        <translation>Optimale Eingabe</translation>
    </message>
    <message>
        <source>Cancelled at probability %1</source>
        <translation>Bei Wahrscheinlichkeit %1 abgebrochen</translation>
    </message>
    <message>
        <source>Step size</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>target probability</source>
        <translation>Zielwahrscheinlichkeit</translation>
    </message>
</context>
<context>
    <name>lantern::gui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Wird nach einem Neustart wirksam.</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Oberfläche</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Custom scale</source>
        <translation>Eigene Skalierung</translation>
    </message>
    <message>
        <source>Without a custom scale, images and 8-bit IDX files are scaled by 1/255 and arrays are used as they are.</source>
        <translation>Ohne eigene Skalierung werden Bilder und 8-Bit-IDX-Dateien mit 1/255 skaliert und Arrays unverändert verwendet.</translation>
    </message>
    <message>
        <source>none, e.g. 0.5 or 0.485, 0.456, 0.406</source>
        <translation>keiner, z. B. 0.5 oder 0.485, 0.456, 0.406</translation>
    </message>
    <message>
        <source>none, e.g. 0.5 or 0.229, 0.224, 0.225</source>
        <translation>keine, z. B. 0.5 oder 0.229, 0.224, 0.225</translation>
    </message>
    <message>
        <source>Applied after scaling, per channel: (value − mean) / std. One value applies to every channel; otherwise give one per channel, separated by commas.</source>
        <translation>Wird nach der Skalierung je Kanal angewendet: (Wert − Mittelwert) / Standardabweichung. Ein einzelner Wert gilt für alle Kanäle; andernfalls geben Sie je Kanal einen Wert an, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Feed colour images in BGR channel order (Caffe-style models)</source>
        <translation>Farbbilder in BGR-Kanalreihenfolge übergeben (Modelle im Caffe-Stil)</translation>
    </message>
    <message>
        <source>Stretch to the input size</source>
        <translation>Auf die Eingabegröße strecken</translation>
    </message>
    <message>
        <source>Fit inside, pad with black</source>
        <translation>Einpassen, mit Schwarz auffüllen</translation>
    </message>
    <message>
        <source>Cover, crop the centre</source>
        <translation>Ausfüllen, Mitte ausschneiden</translation>
    </message>
    <message>
        <source>Preprocessing of the current model&apos;s samples</source>
        <translation>Vorverarbeitung der Beispiele des aktuellen Modells</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>Skalierung:</translation>
    </message>
    <message>
        <source>Mean:</source>
        <translation>Mittelwert:</translation>
    </message>
    <message>
        <source>Std:</source>
        <translation>Standardabw.:</translation>
    </message>
    <message>
        <source>Resize images:</source>
        <translation>Bildgröße anpassen:</translation>
    </message>
    <message>
        <source>Mean must be numbers separated by commas, e.g. 0.485, 0.456, 0.406.</source>
        <translation>Der Mittelwert muss aus durch Kommas getrennten Zahlen bestehen, z. B. 0.485, 0.456, 0.406.</translation>
    </message>
    <message>
        <source>Std must be numbers separated by commas, e.g. 0.229, 0.224, 0.225.</source>
        <translation>Die Standardabweichung muss aus durch Kommas getrennten Zahlen bestehen, z. B. 0.229, 0.224, 0.225.</translation>
    </message>
    <message>
        <source>Std values must be greater than zero.</source>
        <translation>Die Werte der Standardabweichung müssen größer als null sein.</translation>
    </message>
    <message>
        <source>Mean has %1 values and std %2; give both one value per channel.</source>
        <translation>Der Mittelwert hat %1 Werte und die Standardabweichung %2; geben Sie für beide einen Wert je Kanal an.</translation>
    </message>
</context>
<context>
    <name>lantern::gui::PresentationMode</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;presentation mode on/off&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;← →&lt;/b&gt;, Space&lt;/td&gt;&lt;td&gt;previous/next sample (presentation mode; Alt+←/→ anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;↑ ↓&lt;/b&gt;&lt;/td&gt;&lt;td&gt;previous/next layer (presentation mode; Alt+↑/↓ anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;M&lt;/b&gt;, &lt;b&gt;N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;next/previous method (Ctrl+] / Ctrl+[ anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;1–5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;overlay, summary, dominant filter, CLEAR, filter (Ctrl+1–5 anywhere)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;leave presentation mode&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;export figure&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+C&lt;/b&gt;&lt;/td&gt;&lt;td&gt;copy the view&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Präsentationsmodus ein/aus&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;← →&lt;/b&gt;, Leertaste&lt;/td&gt;&lt;td&gt;vorheriges/nächstes Beispiel (Präsentationsmodus; Alt+←/→ überall)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;↑ ↓&lt;/b&gt;&lt;/td&gt;&lt;td&gt;vorherige/nächste Schicht (Präsentationsmodus; Alt+↑/↓ überall)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;M&lt;/b&gt;, &lt;b&gt;N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;nächste/vorherige Methode (Strg+] / Strg+[ überall)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;1–5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Überlagerung, Übersicht, dominanter Filter, CLEAR, Filter (Strg+1–5 überall)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Esc&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Präsentationsmodus verlassen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Abbildung exportieren&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+C&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Ansicht kopieren&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>lantern::gui::ResponseGallery</name>
    <message>
        <source>Open a model that takes fingerprints to see its attentive response maps</source>
        <translation>Öffnen Sie ein Modell, das Fingerabdrücke annimmt, um seine Attentive-Response-Karten zu sehen</translation>
    </message>
    <message>
        <source>Open a structure to see its fingerprint and attentive response maps</source>
        <translation>Öffnen Sie eine Struktur, um ihren Fingerabdruck und die Attentive-Response-Karten zu sehen</translation>
    </message>
    <message>
        <source>rotation about z</source>
        <translation>Drehung um z</translation>
    </message>
    <message>
        <source>rotation about x</source>
        <translation>Drehung um x</translation>
    </message>
    <message>
        <source>rotation about y</source>
        <translation>Drehung um y</translation>
    </message>
    <message>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>filter %1</source>
        <translation>Filter %1</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>dominant</source>
        <translation>dominant</translation>
    </message>
</context>
<context>
    <name>lantern::gui::SamplePanel</name>
    <message>
        <source>Filter: formula text or elements (Ti O)</source>
        <translation>Filter: Formeltext oder Elemente (Ti O)</translation>
    </message>
    <message>
        <source>Element symbols separated by spaces keep the samples that hold all of them; any other text matches part of the formula</source>
        <translation>Durch Leerzeichen getrennte Elementsymbole behalten die Beispiele, die alle davon enthalten; jeder andere Text passt auf einen Teil der Formel</translation>
    </message>
    <message>
        <source>Formula</source>
        <translation>Formel</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Elem.</source>
        <translation>Elem.</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Zielwert</translation>
    </message>
    <message>
        <source>Line of the formulae CSV (the header is line 1)</source>
        <translation>Zeile der Formel-CSV (die Kopfzeile ist Zeile 1)</translation>
    </message>
    <message>
        <source>Number of elements CrabNet saw</source>
        <translation>Anzahl der Elemente, die CrabNet gesehen hat</translation>
    </message>
    <message>
        <source>The sample&apos;s target value</source>
        <translation>Der Zielwert des Beispiels</translation>
    </message>
    <message>
        <source>Sample %1 · CrabNet&apos;s order: %2</source>
        <translation>Beispiel %1 · Reihenfolge von CrabNet: %2</translation>
    </message>
    <message>
        <source>%1 (+%2 cut)</source>
        <translation>%1 (+%2 abgeschnitten)</translation>
    </message>
    <message>
        <source>CrabNet kept the first %1 elements of this formula</source>
        <translation>CrabNet hat die ersten %1 Elemente dieser Formel behalten</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n sample(s)</source>
        <translation>
            <numerusform>%1 von %n Beispiel</numerusform>
            <numerusform>%1 von %n Beispielen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lantern::gui::SnapshotsWorkspace</name>
    <message>
        <source>Open a snapshot file (File ▸ Open Snapshots…)</source>
        <translation>Öffnen Sie eine Snapshot-Datei (Datei ▸ Snapshots öffnen…)</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n probe(s) from %1</source>
        <translation>
            <numerusform>%n Probe aus %1</numerusform>
            <numerusform>%n Proben aus %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n frame(s)</source>
        <translation>
            <numerusform>%1: %n Frame</numerusform>
            <numerusform>%1: %n Frames</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading probe %1</source>
        <translation>Probe %1 wird gelesen</translation>
    </message>
    <message>
        <source>%1 (true class)</source>
        <translation>%1 (tatsächliche Klasse)</translation>
    </message>
    <message>
        <source>Class probabilities of probe #%1 over training; &lt;span style=&quot;color:#d62728&quot;&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/span&gt; is its true class</source>
        <translation>Klassenwahrscheinlichkeiten von Probe #%1 im Verlauf des Trainings; &lt;span style=&quot;color:#d62728&quot;&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/span&gt; ist ihre tatsächliche Klasse</translation>
    </message>
    <message>
        <source>Class probabilities of probe #%1 over training</source>
        <translation>Klassenwahrscheinlichkeiten von Probe #%1 im Verlauf des Trainings</translation>
    </message>
    <message>
        <source>%1: filters %2</source>
        <translation>%1: Filter %2</translation>
    </message>
    <message>
        <source>maps</source>
        <translation>Karten</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — predicted &lt;b&gt;%2&lt;/b&gt; (%3%)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — vorhergesagt &lt;b&gt;%2&lt;/b&gt; (%3 %)</translation>
    </message>
    <message>
        <source>, correct</source>
        <translation>, richtig</translation>
    </message>
    <message>
        <source>, true class %1 (%2%)</source>
        <translation>, tatsächliche Klasse %1 (%2 %)</translation>
    </message>
    <message>
        <source> · validation accuracy %1%</source>
        <translation> · Validierungsgenauigkeit %1 %</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>Karte:</translation>
    </message>
    <message>
        <source>Export Video…</source>
        <translation>Video exportieren…</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>training batch</source>
        <translation>Trainings-Batch</translation>
    </message>
    <message>
        <source>Loss and accuracy: &lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;training&lt;/b&gt;&lt;/span&gt; (faint: single batches), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;validation&lt;/b&gt;&lt;/span&gt;</source>
        <translation>Verlust und Genauigkeit: &lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;Training&lt;/b&gt;&lt;/span&gt; (blass: einzelne Batches), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;Validierung&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Optimizer: %1</source>
        <translation>Optimierer: %1</translation>
    </message>
    <message>
        <source>Learning rate: %1</source>
        <translation>Lernrate: %1</translation>
    </message>
    <message>
        <source>Batch size: %1</source>
        <translation>Batch-Größe: %1</translation>
    </message>
    <message>
        <source>Seed: %1</source>
        <translation>Seed: %1</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Snapshots</translation>
    </message>
    <message>
        <source>Frame %1 cannot be shown: %2</source>
        <translation>Frame %1 kann nicht angezeigt werden: %2</translation>
    </message>
</context>
<context>
    <name>lantern::gui::StartPage</name>
    <message>
        <source>No demos found (resources/demo is missing)</source>
        <translation>Keine Demos gefunden (resources/demo fehlt)</translation>
    </message>
    <message>
        <source>Lantern</source>
        <translation>Lantern</translation>
    </message>
    <message>
        <source>See why a neural network decided: open a trained model (ONNX or Keras) and samples, then step through saliency, relevance (LRP), attentive response maps and optimal inputs.</source>
        <translation>Sehen, warum ein neuronales Netz so entschieden hat: ein trainiertes Modell (ONNX oder Keras) und Beispiele öffnen, dann durch Salienz, Relevanz (LRP), Attentive-Response-Karten und optimale Eingaben gehen.</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>&amp;Modell öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Samples…</source>
        <translation>Bei&amp;spiele öffnen…</translation>
    </message>
    <message>
        <source>Open Sessio&amp;n…</source>
        <translation>Sitzu&amp;ng öffnen…</translation>
    </message>
    <message>
        <source>ONNX, Keras .h5, or a Keras 1 JSON architecture with its weights</source>
        <translation>ONNX, Keras .h5 oder eine Keras-1-JSON-Architektur mit ihren Gewichten</translation>
    </message>
    <message>
        <source>Images or a folder of them, .npy, .npz, .h5, IDX; open the model first</source>
        <translation>Bilder oder ein Ordner davon, .npy, .npz, .h5, IDX; zuerst das Modell öffnen</translation>
    </message>
    <message>
        <source>A .lantern session: model, samples and what was on screen</source>
        <translation>Eine .lantern-Sitzung: Modell, Beispiele und was zu sehen war</translation>
    </message>
    <message>
        <source>Demos</source>
        <translation>Demos</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Files you open appear here.</source>
        <translation>Geöffnete Dateien erscheinen hier.</translation>
    </message>
    <message>
        <source>You can also drop files on the window. Help ▸ Demos lists the demos again later.</source>
        <translation>Dateien lassen sich auch auf das Fenster ziehen. Hilfe ▸ Demos zeigt die Demos später wieder.</translation>
    </message>
</context>
<context>
    <name>lantern::gui::TaskRunner</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>lantern::gui::TrainDialog</name>
    <message>
        <source>Train Model</source>
        <translation>Modell trainieren</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Cancel Training</source>
        <translation>Training abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Arrays (*.npy *.npz *.h5 *.hdf5 *-ubyte *.gz);;All files (*)</source>
        <translation>Arrays (*.npy *.npz *.h5 *.hdf5 *-ubyte *.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>A built-in architecture; mlp:H1,H2,… takes its inputs and classes from the data</source>
        <translation>Eine eingebaute Architektur; mlp:H1,H2,… übernimmt Eingaben und Klassen aus den Daten</translation>
    </message>
    <message>
        <source>or an ONNX / Keras file</source>
        <translation>oder eine ONNX-/Keras-Datei</translation>
    </message>
    <message>
        <source>Keep the file&apos;s weights (otherwise re-initialise)</source>
        <translation>Gewichte der Datei behalten (sonst neu initialisieren)</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Models (*.onnx *.h5 *.hdf5 *.keras *.json)</source>
        <translation>Modelle (*.onnx *.h5 *.hdf5 *.keras *.json)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>folder with train-/t10k- IDX files</source>
        <translation>Ordner mit train-/t10k-IDX-Dateien</translation>
    </message>
    <message>
        <source>(from the folder)</source>
        <translation>(aus dem Ordner)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>Training images:</source>
        <translation>Trainingsbilder:</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>Trainingsbilder</translation>
    </message>
    <message>
        <source>Training labels:</source>
        <translation>Trainings-Labels:</translation>
    </message>
    <message>
        <source>Training labels</source>
        <translation>Trainings-Labels</translation>
    </message>
    <message>
        <source>Test images:</source>
        <translation>Testbilder:</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>Testbilder</translation>
    </message>
    <message>
        <source>Test labels:</source>
        <translation>Test-Labels:</translation>
    </message>
    <message>
        <source>Test labels</source>
        <translation>Test-Labels</translation>
    </message>
    <message>
        <source>Training samples:</source>
        <translation>Trainingsbeispiele:</translation>
    </message>
    <message>
        <source>Validation fraction:</source>
        <translation>Validierungsanteil:</translation>
    </message>
    <message>
        <source>Optimization</source>
        <translation>Optimierung</translation>
    </message>
    <message>
        <source>The learning rate is multiplied by this after every epoch</source>
        <translation>Die Lernrate wird nach jeder Epoche mit diesem Wert multipliziert</translation>
    </message>
    <message>
        <source>A factor for every weight, or per layer: fc1=25,fc2=0.01</source>
        <translation>Ein Faktor für alle Gewichte oder je Schicht: fc1=25,fc2=0.01</translation>
    </message>
    <message>
        <source>w0,w1,… or balanced</source>
        <translation>w0,w1,… oder balanced</translation>
    </message>
    <message>
        <source>name0,name1,… (stored in the ONNX model)</source>
        <translation>name0,name1,… (im ONNX-Modell gespeichert)</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>Optimierer:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Decay per epoch:</source>
        <translation>Abnahme je Epoche:</translation>
    </message>
    <message>
        <source>SGD momentum:</source>
        <translation>SGD-Momentum:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
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
        <translation>Klassengewichte:</translation>
    </message>
    <message>
        <source>Class names:</source>
        <translation>Klassennamen:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Trained model</source>
        <translation>Trainiertes Modell</translation>
    </message>
    <message>
        <source>ONNX (*.onnx);;Weights (*.npz)</source>
        <translation>ONNX (*.onnx);;Gewichte (*.npz)</translation>
    </message>
    <message>
        <source>Record snapshots</source>
        <translation>Snapshots aufzeichnen</translation>
    </message>
    <message>
        <source>&apos;epoch&apos;, or a number of optimizer steps</source>
        <translation>&apos;epoch&apos; oder eine Anzahl von Optimiererschritten</translation>
    </message>
    <message>
        <source>Explanation methods, comma-separated: attentive-response, grad, smoothgrad, grad-cam, lrp-epsilon, …; &apos;none&apos; for predictions and curves only</source>
        <translation>Erklärungsmethoden, durch Kommas getrennt: attentive-response, grad, smoothgrad, grad-cam, lrp-epsilon, …; &apos;none&apos; für nur Vorhersagen und Kurven</translation>
    </message>
    <message>
        <source>layer names, e.g. an attention Softmax</source>
        <translation>Schichtnamen, z. B. ein Attention-Softmax</translation>
    </message>
    <message>
        <source>Every weight at every snapshot</source>
        <translation>Alle Gewichte bei jedem Snapshot</translation>
    </message>
    <message>
        <source>Snapshot file</source>
        <translation>Snapshot-Datei</translation>
    </message>
    <message>
        <source>HDF5 (*.h5)</source>
        <translation>HDF5 (*.h5)</translation>
    </message>
    <message>
        <source>Every:</source>
        <translation>Intervall:</translation>
    </message>
    <message>
        <source>Probe samples:</source>
        <translation>Proben:</translation>
    </message>
    <message>
        <source>Methods:</source>
        <translation>Methoden:</translation>
    </message>
    <message>
        <source>Activations:</source>
        <translation>Aktivierungen:</translation>
    </message>
    <message>
        <source>Top filters:</source>
        <translation>Top-Filter:</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, batch %3 of %4, loss %5</source>
        <translation>Epoche %1 von %2, Batch %3 von %4, Verlust %5</translation>
    </message>
    <message>
        <source>snapshot %1 saved</source>
        <translation>Snapshot %1 gespeichert</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Cancelled; the snapshot file keeps every frame recorded.</source>
        <translation>Abgebrochen; die Snapshot-Datei behält alle bisher aufgezeichneten Frames.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>Pausiert.</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;training&lt;/b&gt;&lt;/span&gt; (running mean over the epoch), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;validation&lt;/b&gt;&lt;/span&gt; (the test set, or the validation fraction)</source>
        <translation>&lt;span style=&quot;color:#1f77b4&quot;&gt;&lt;b&gt;Training&lt;/b&gt;&lt;/span&gt; (laufender Mittelwert über die Epoche), &lt;span style=&quot;color:#ff7f0e&quot;&gt;&lt;b&gt;Validierung&lt;/b&gt;&lt;/span&gt; (der Testdatensatz oder der Validierungsanteil)</translation>
    </message>
    <message>
        <source>%1 exists. Replace it with this run&apos;s?</source>
        <translation>%1 existiert bereits. Durch die Ergebnisse dieses Laufs ersetzen?</translation>
    </message>
</context>
<context>
    <name>lantern::gui::VideoExportDialog</name>
    <message>
        <source>Export Snapshot Video</source>
        <translation>Snapshot-Video exportieren</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <source>File (.mp4, .gif):</source>
        <translation>Datei (.mp4, .gif):</translation>
    </message>
    <message>
        <source>Frame rate:</source>
        <translation>Bildrate:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>Karte:</translation>
    </message>
    <message>
        <source>Frames (first, last):</source>
        <translation>Frames (erster, letzter):</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4);;Animated GIF (*.gif)</source>
        <translation>MP4-Video (*.mp4);;Animiertes GIF (*.gif)</translation>
    </message>
    <message>
        <source>The scrubber&apos;s panels</source>
        <translation>Die Bereiche der Zeitleiste</translation>
    </message>
    <message>
        <source>The probe with its map</source>
        <translation>Die Probe mit ihrer Karte</translation>
    </message>
    <message>
        <source>Every layer&apos;s map</source>
        <translation>Die Karte jeder Schicht</translation>
    </message>
    <message>
        <source>Panels:</source>
        <translation>Bereiche:</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::ActivationGrid</name>
    <message>
        <source>%1, channel %2
mean %3</source>
        <translation>%1, Kanal %2
Mittelwert %3</translation>
    </message>
    <message>
        <source>range %1 to %2 (%3 × %4)</source>
        <translation>Bereich %1 bis %2 (%3 × %4)</translation>
    </message>
    <message>
        <source>rank %1 of %2</source>
        <translation>Rang %1 von %2</translation>
    </message>
    <message>
        <source>No layer selected</source>
        <translation>Keine Schicht ausgewählt</translation>
    </message>
    <message>
        <source>No activations for %1</source>
        <translation>Keine Aktivierungen für %1</translation>
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
        <translation>Head %1</translation>
    </message>
    <message>
        <source>%1: %2 → %3: absent pair</source>
        <translation>%1: %2 → %3: fehlendes Paar</translation>
    </message>
    <message>
        <source>%1: %2 attends to %3: %4</source>
        <translation>%1: %2 achtet auf %3: %4</translation>
    </message>
    <message>
        <source>No attention frame</source>
        <translation>Kein Attention-Frame</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>Attention</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::CrystalView</name>
    <message>
        <source>Drag to rotate, wheel to zoom, double-click to reset</source>
        <translation>Ziehen zum Drehen, Mausrad zum Zoomen, Doppelklick zum Zurücksetzen</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::GeoMapView</name>
    <message>
        <source>No gridded field loaded</source>
        <translation>Kein Gitterfeld geladen</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::GlobeView</name>
    <message>
        <source>Drag to rotate, wheel to zoom, double-click to reset</source>
        <translation>Ziehen zum Drehen, Mausrad zum Zoomen, Doppelklick setzt zurück</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::LayerList</name>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>Ausgabeform</translation>
    </message>
    <message>
        <source>Only spatial layers</source>
        <translation>Nur räumliche Schichten</translation>
    </message>
    <message>
        <source>List only layers whose output has height and width (convolution-like)</source>
        <translation>Nur Schichten auflisten, deren Ausgabe Höhe und Breite hat (faltungsartig)</translation>
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
        <translation>Nichts anzuzeigen</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>range %1 … %2</source>
        <translation>Bereich %1 … %2</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::OverlayView</name>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
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
        <translation>Keine Vorhersage</translation>
    </message>
    <message numerus="yes">
        <source>… %n more classes</source>
        <translation>
            <numerusform>… %n weitere Klasse</numerusform>
            <numerusform>… %n weitere Klassen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lantern::widgets::SampleBrowser</name>
    <message>
        <source>Show one class (the label, or the prediction for unlabelled samples)</source>
        <translation>Eine Klasse anzeigen (das Label bzw. bei Beispielen ohne Label die Vorhersage)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Richtig</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>Falsch klassifiziert</translation>
    </message>
    <message>
        <source>Show correctly classified or misclassified samples</source>
        <translation>Richtig oder falsch klassifizierte Beispiele anzeigen</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Lowest confidence of the prediction</source>
        <translation>Niedrigste Konfidenz der Vorhersage</translation>
    </message>
    <message>
        <source>Highest confidence of the prediction</source>
        <translation>Höchste Konfidenz der Vorhersage</translation>
    </message>
    <message>
        <source>Search names</source>
        <translation>Namen durchsuchen</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 samples</source>
        <translation>
            <numerusform>%1 von %2 Beispiel</numerusform>
            <numerusform>%1 von %2 Beispielen</numerusform>
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
        <translation>richtig</translation>
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
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>Label: %1</source>
        <translation>Label: %1</translation>
    </message>
    <message>
        <source>Predicted: %1 (%2 %)</source>
        <translation>Vorhergesagt: %1 (%2 %)</translation>
    </message>
    <message>
        <source>Predicted: %1</source>
        <translation>Vorhergesagt: %1</translation>
    </message>
</context>
<context>
    <name>lantern::widgets::Timeline</name>
    <message>
        <source>no frames</source>
        <translation>keine Frames</translation>
    </message>
    <message>
        <source>%1 (%2 / %3)</source>
        <translation>%1 (%2 / %3)</translation>
    </message>
    <message>
        <source>First frame (Home)</source>
        <translation>Erster Frame (Pos1)</translation>
    </message>
    <message>
        <source>Previous frame (Left)</source>
        <translation>Vorheriger Frame (Links)</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>Pause (Leertaste)</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>Abspielen (Leertaste)</translation>
    </message>
    <message>
        <source>Next frame (Right)</source>
        <translation>Nächster Frame (Rechts)</translation>
    </message>
    <message>
        <source>Last frame (End)</source>
        <translation>Letzter Frame (Ende)</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Schleife</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Wiedergabegeschwindigkeit</translation>
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
        <translation>Lantern: sehen, warum ein neuronales Netz so entschieden hat</translation>
    </message>
    <message>
        <source>Open the bundled demo model and samples</source>
        <translation>Das mitgelieferte Demomodell mit Beispielen öffnen</translation>
    </message>
    <message>
        <source>HDF5 weights for a Keras 1 JSON architecture</source>
        <translation>HDF5-Gewichte für eine Keras-1-JSON-Architektur</translation>
    </message>
    <message>
        <source>Start in presentation mode</source>
        <translation>Im Präsentationsmodus starten</translation>
    </message>
    <message>
        <source>Save a PNG of the window once the first map is shown, then quit</source>
        <translation>Ein PNG des Fensters speichern, sobald die erste Karte angezeigt wird, und dann beenden</translation>
    </message>
    <message>
        <source>Start in a view: overlay, summary, dominant or clear</source>
        <translation>In einer Ansicht starten: overlay, summary, dominant oder clear</translation>
    </message>
    <message>
        <source>Start with this method</source>
        <translation>Mit dieser Methode starten</translation>
    </message>
    <message>
        <source>Start at this sample index</source>
        <translation>Beim Beispiel mit diesem Index starten</translation>
    </message>
    <message>
        <source>A session (.lantern), a model, then samples</source>
        <translation>Eine Sitzung (.lantern), ein Modell, dann Beispiele</translation>
    </message>
    <message>
        <source>Gridded samples: start on the 3-D globe instead of the map</source>
        <translation>Gitterfelder: auf dem 3-D-Globus statt auf der Karte beginnen</translation>
    </message>
    <message>
        <source>Open a bundled demo by name (fmnist, enso)</source>
        <translation>Eine mitgelieferte Demo nach Namen öffnen (fmnist, enso)</translation>
    </message>
    <message>
        <source>no bundled demo named &apos;%1&apos;</source>
        <translation>keine mitgelieferte Demo namens &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Snapshot files: show this frame (default: the last)</source>
        <translation>Snapshot-Dateien: diesen Frame zeigen (Standard: den letzten)</translation>
    </message>
</context>
</TS>
