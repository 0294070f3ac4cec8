#!/usr/bin/env bash
# Writes the seed corpus of fuzz_photo (tests/fuzz/corpus/fuzz_photo/): tiny JPEG and PNG files of
# the kinds phones and cameras send (baseline, progressive, grey, with an EXIF orientation; RGB,
# RGBA, palette, grey PNG), made with ImageMagick so that every seed can be made again.
set -euo pipefail
out=$(dirname "$0")/corpus/fuzz_photo
mkdir -p "$out"
src=(-size 12x8 gradient:red-blue)
convert "${src[@]}" -quality 80 "$out/baseline.jpg"
convert "${src[@]}" -interlace JPEG "$out/progressive.jpg"
convert "${src[@]}" -colorspace Gray "$out/grey.jpg"
convert "${src[@]}" -orient RightTop "$out/orientation6.jpg"
convert "${src[@]}" -sampling-factor 4:4:4 "$out/subsampling444.jpg"
convert "${src[@]}" "PNG24:$out/rgb.png"
convert "${src[@]}" -alpha set -channel A -evaluate set 50% "PNG32:$out/rgba.png"
convert "${src[@]}" -colors 4 "PNG8:$out/palette.png"
convert "${src[@]}" -colorspace Gray "PNG:$out/grey.png"
