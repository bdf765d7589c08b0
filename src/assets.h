/* Internal: files embedded into the library at build time (cmake/embed.cmake), NUL-terminated. */
#ifndef CG_ASSETS_H
#define CG_ASSETS_H

#include <stddef.h>

extern const unsigned char cg__asset_viewer_js[];   /* src/assets/viewer.js */
extern const size_t cg__asset_viewer_js_len;
extern const unsigned char cg__asset_viewer_css[];  /* src/assets/viewer.css */
extern const size_t cg__asset_viewer_css_len;
extern const unsigned char cg__asset_panzoom_js[];      /* src/assets/vendor/panzoom.min.js */
extern const size_t cg__asset_panzoom_js_len;
extern const unsigned char cg__asset_panzoom_license[]; /* src/assets/vendor/panzoom.LICENSE.txt */
extern const size_t cg__asset_panzoom_license_len;
extern const unsigned char cg__asset_default_style[];  /* viz/style.json */
extern const size_t cg__asset_default_style_len;

#endif
