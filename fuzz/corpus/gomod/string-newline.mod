module "x
"
