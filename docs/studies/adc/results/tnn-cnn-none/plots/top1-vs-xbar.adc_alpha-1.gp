# top-1 vs xbar.adc_alpha (xbar.adc_bits = 3)
set terminal svg size 800,480 dynamic noenhanced font 'Sans,12' background 'white'
set output 'top1-vs-xbar.adc_alpha-1.svg'
set title 'top-1 vs xbar.adc_alpha (xbar.adc_bits = 3)'
set xlabel 'xbar.adc_alpha'
set ylabel 'top-1 accuracy (%)'
set grid
set key outside right top
set datafile missing '?'
set xtics (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1)
set offsets graph 0.04, graph 0.04, graph 0.05, graph 0.05
plot 'top1-vs-xbar.adc_alpha-1.dat' index 0 using 1:2:3 with yerrorlines lc 1 pt 7 title 'TNN_I', \
     '' index 0 using 1:4 with lines lc 1 dt 2 notitle, \
     'top1-vs-xbar.adc_alpha-1.dat' index 1 using 1:2:3 with yerrorlines lc 2 pt 7 title 'TNN_II', \
     '' index 1 using 1:4 with lines lc 2 dt 2 notitle, \
     'top1-vs-xbar.adc_alpha-1.dat' index 2 using 1:2:3 with yerrorlines lc 3 pt 7 title 'TNN_III', \
     '' index 2 using 1:4 with lines lc 3 dt 2 notitle, \
     'top1-vs-xbar.adc_alpha-1.dat' index 3 using 1:2:3 with yerrorlines lc 4 pt 7 title 'TNN_IV', \
     '' index 3 using 1:4 with lines lc 4 dt 2 notitle, \
     'top1-vs-xbar.adc_alpha-1.dat' index 4 using 1:2:3 with yerrorlines lc 5 pt 7 title 'TNN_V', \
     '' index 4 using 1:4 with lines lc 5 dt 2 notitle, \
     NaN with lines lc 'black' dt 2 title 'ideal crossbar (baseline)'
set terminal pngcairo size 800,480 noenhanced font 'Sans,10' background 'white'
set output 'top1-vs-xbar.adc_alpha-1.png'
replot
unset output
