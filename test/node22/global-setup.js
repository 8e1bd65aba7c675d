// Before the first test of the "functions on Node 22" project: make sure the binary is there
// (a download of about 50 MB, once), so that no test times out waiting for it.
const { node22 } = require('./binary');

module.exports = async () => {
  node22();
};
