#ifndef WEFT_CGLPK_SHIM_H
#define WEFT_CGLPK_SHIM_H
#include <glpk.h>
#endif
