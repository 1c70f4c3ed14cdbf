DROP TABLE IF EXISTS temp.xieshang_instances;
