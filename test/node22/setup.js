// In each test file of the "functions on Node 22" project: the functions runtime starts on Node 22.
const { node22 } = require('./binary');

process.env.FUNCTIONS_NODE = node22();
process.env.FUNCTIONS_NODE_PROJECT = 'node22';
