# top-1 vs energy per inference (nJ), Pareto front
set terminal svg size 800,480 dynamic noenhanced font 'Sans,12' background 'white'
set output 'top1-vs-energy.svg'
set title 'top-1 vs energy per inference (nJ), Pareto front'
set xlabel 'energy per inference (nJ)'
set ylabel 'top-1 accuracy (%)'
set grid
set key outside right top
set datafile missing '?'
plot 'top1-vs-energy.dat' index 0 using 1:2 with points lc 1 pt 7 title 'TNN_I', \
     'top1-vs-energy.dat' index 1 using 1:2 with points lc 2 pt 7 title 'TNN_II', \
     'top1-vs-energy.dat' index 2 using 1:2 with points lc 3 pt 7 title 'TNN_III', \
     'top1-vs-energy.dat' index 3 using 1:2 with points lc 4 pt 7 title 'TNN_IV', \
     'top1-vs-energy.dat' index 4 using 1:2 with points lc 5 pt 7 title 'TNN_V', \
     '' index 5 using 1:2 with steps lc 'black' lw 1.5 title 'Pareto front', \
     '' index 5 using 1:2 with points lc 'black' pt 6 ps 2 notitle
set terminal pngcairo size 800,480 noenhanced font 'Sans,10' background 'white'
set output 'top1-vs-energy.png'
replot
unset output
