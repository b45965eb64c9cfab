export const id = 397;
export const ids = [397];
export const modules = {

/***/ 6397:
/***/ ((module) => {

module.exports = eval("require")("kerberos");


/***/ })

};
